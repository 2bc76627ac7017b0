package dev.tether.bench.scenario;

import dev.tether.bench.floor.Relay;
import dev.tether.bench.model.FakeModelServer;
import dev.tether.bench.nio.EventLoop;
import dev.tether.bench.stats.Recorder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The latency scenario's streams through a {@link Relay} in a process of its own instead of the server: the
 * same two loopback hops and the same competition for the cores, with no work in the middle (or a set amount of
 * CPU per chunk). Without work, its p99 is what any server in that place would at best reach on this machine.
 * The relay gets a short warm-up round first, and the fake model's lateness recorder is emptied after it, so what
 * it holds afterwards is the measured round's.
 */
final class RelayFloor {
    /** The relay's result: the streams' latency, and the CPU of the relay (as {@code serverCores}) and of the rest. */
    record Result(Recorder latency, CpuWindow.Figures cpu) { }

    private static final int WARM_UP_SECONDS = 3;

    private RelayFloor() {
    }

    static Result run(Path javaHome, FakeModelServer model, EventLoop loop, int n, int tokens, int rate, int loops,
                      long workNanos) throws IOException, InterruptedException {
        URI base = URI.create(model.baseUrl());
        ProcessBuilder pb = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-cp",
                System.getProperty("java.class.path"), Relay.class.getName(), String.valueOf(base.getPort()),
                String.valueOf(loops), String.valueOf(workNanos));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        try {
            var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            for (int skipped = 0; line != null && !line.startsWith(Relay.READY) && skipped < 20; skipped++) {
                line = out.readLine(); // what the JVM or an agent printed first
            }
            if (line == null || !line.startsWith(Relay.READY)) {
                throw new IOException("The relay process did not start (exit " + (p.isAlive() ? "none" : p.exitValue())
                        + ", last line read: " + line + "); see the lines above for its error");
            }
            int port = Integer.parseInt(line.substring(Relay.READY.length()).trim());
            InetSocketAddress relay = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            // a warm-up round, as the server gets one: the relay's JIT compiles its loop before the measured round
            DirectStreams.run(relay, model, loop, n, Math.min(tokens, rate * WARM_UP_SECONDS), rate);
            model.lateness().drain();
            CpuWindow cpu = CpuWindow.start(p.pid());
            Recorder latency = DirectStreams.run(relay, model, loop, n, tokens, rate);
            return new Result(latency, cpu.end());
        } finally {
            p.getOutputStream().close(); // the relay exits when its stdin closes
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
