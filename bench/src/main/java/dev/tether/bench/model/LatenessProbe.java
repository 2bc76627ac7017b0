package dev.tether.bench.model;

import dev.tether.bench.stats.Recorder;

/**
 * How late the fake model wrote timestamped chunks compared with their schedule: a measure of how busy the
 * load generator was, not of the server. Written by the model's loop thread, read between phases.
 */
public final class LatenessProbe {
    private Recorder recorder = new Recorder();

    synchronized void record(long nanos) {
        recorder.record(nanos);
    }

    /** The values since the last call, and starts afresh. */
    public synchronized Recorder drain() {
        Recorder r = recorder;
        recorder = new Recorder();
        return r;
    }
}
