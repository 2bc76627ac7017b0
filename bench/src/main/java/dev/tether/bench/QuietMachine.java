package dev.tether.bench;

import dev.tether.bench.server.ProcStats;
import java.time.Duration;
import java.util.Locale;

/**
 * Waits (bounded) for the machine to be quiet before a scenario: other processes (builds, browser tests) on
 * two shared cores distort every figure. Returns the busy cores seen last, for the report.
 */
final class QuietMachine {
    private static final double QUIET_CORES = 0.3;
    private static final Duration SAMPLE = Duration.ofSeconds(2);

    private QuietMachine() {
    }

    /** Samples busy cores every 2 s until below 0.3 cores or {@code maxWait} passed; returns the last sample. */
    static double await(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        double busy = sample();
        boolean told = false;
        while (busy > QUIET_CORES && System.nanoTime() < deadline) {
            if (!told) {
                System.err.printf(Locale.ROOT, "  the machine is busy (%.2f cores used by other processes); waiting up "
                        + "to %d s for it to quieten...%n", busy, maxWait.toSeconds());
                told = true;
            }
            busy = sample();
        }
        return busy;
    }

    private static double sample() throws InterruptedException {
        long self0 = ProcStats.cpuNanos(ProcessHandle.current().pid());
        long busy0 = ProcStats.machineBusyNanos();
        long t0 = System.nanoTime();
        Thread.sleep(SAMPLE.toMillis());
        long self = ProcStats.cpuNanos(ProcessHandle.current().pid()) - self0;
        return Math.max(0, (ProcStats.machineBusyNanos() - busy0 - self) / (double) (System.nanoTime() - t0));
    }
}
