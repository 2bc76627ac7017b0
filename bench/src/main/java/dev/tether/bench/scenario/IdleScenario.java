package dev.tether.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.bench.BenchContext;
import dev.tether.bench.model.FakeModelServer;
import dev.tether.bench.nio.EventLoop;
import dev.tether.bench.report.Format;
import dev.tether.bench.report.Metric;
import dev.tether.bench.report.ScenarioResult;
import dev.tether.bench.server.Jcmd;
import dev.tether.bench.server.ServerProcess;
import dev.tether.bench.ws.TetherSession;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Memory per idle connection: N WebSocket connections that say hello and then nothing (they answer pings).
 * Heap is the live heap after a full GC ({@code jcmd GC.run} then {@code GC.heap_info}, and the class
 * histogram's total, which is exact live bytes); RSS from {@code /proc/PID/status}. Per connection = (after -
 * before) / N. Connections come from four loopback source addresses so ephemeral ports never run short.
 * Then the server's CPU while the connections idle (heartbeats), and the heap after they close (leaks).
 */
public final class IdleScenario implements Scenario {
    @Override
    public String name() {
        return "idle";
    }

    @Override
    public ScenarioResult run(BenchContext ctx) throws Exception {
        long t0 = System.nanoTime();
        int n = ctx.sizes().idleConnections();
        ObjectNode details = ctx.json().createObjectNode().put("connections", n);
        List<Metric> metrics = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (FakeModelServer model = FakeModelServer.start();
             EventLoop loop = new EventLoop("ws-client");
             ServerProcess server = ctx.startServer(name(), model.baseUrl(), List.of())) {
            InetSocketAddress addr = new InetSocketAddress("127.0.0.1", server.port());
            Jcmd jcmd = server.jcmd();
            // one connection first, so classes and pools used by every connection are not counted per connection
            List<TetherSession> first = Clients.connect(List.of(loop), addr, List.of(), 1, 1, Duration.ofSeconds(10));
            Thread.sleep(500);
            Snapshot before = Snapshot.take(server, jcmd);
            long connectStart = System.nanoTime();
            List<TetherSession> sessions = Clients.connect(List.of(loop), addr, Clients.loopbackSources(4), n, 256,
                    Duration.ofSeconds(180));
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            Thread.sleep(2000);
            Snapshot after = Snapshot.take(server, jcmd);
            long open = sessions.stream().filter(s -> s.connection().isOpen()).count();

            double heapPer = (double) (after.heapInfoUsed - before.heapInfoUsed) / n;
            double livePer = (double) (after.liveTotal - before.liveTotal) / n;
            double rssPer = (double) (after.rss - before.rss) / n;
            details.put("connectSeconds", CpuWindow.round(connectSeconds)).put("connectionsPerSecond",
                    Math.round(n / connectSeconds)).put("openAfterSettling", open);
            details.set("before", before.toJson(ctx.json().createObjectNode()));
            details.set("after", after.toJson(ctx.json().createObjectNode()));
            details.put("heapBytesPerConnection", Math.round(heapPer)).put("liveBytesPerConnection", Math.round(livePer))
                    .put("rssBytesPerConnection", Math.round(rssPer));
            ObjectNode top = details.putObject("topClassesPerConnection");
            StringBuilder topText = new StringBuilder();
            ObjectNode byPackage = details.putObject("bytesPerConnectionByPackage");
            Map<String, Double> packages = new HashMap<>();
            for (Map.Entry<String, Jcmd.ClassLoad> e : topGrowth(before.histogram, after.histogram, Integer.MAX_VALUE)) {
                packages.merge(owner(e.getKey()), e.getValue().bytes() / (double) n, Double::sum);
            }
            packages.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> byPackage.put(e.getKey(), Math.round(e.getValue())));
            for (Map.Entry<String, Jcmd.ClassLoad> e : topGrowth(before.histogram, after.histogram, 40)) {
                double bytes = e.getValue().bytes() / (double) n;
                double count = e.getValue().instances() / (double) n;
                top.putObject(e.getKey()).put("bytes", Math.round(bytes * 10) / 10.0)
                        .put("instances", Math.round(count * 100) / 100.0);
                if (topText.length() < 400) {
                    topText.append(String.format(Locale.ROOT, "%s%s %.0f B (%.1f objects)",
                            topText.isEmpty() ? "" : ", ", e.getKey(), bytes, count));
                }
            }

            metrics.add(Metric.atMost("heap per idle connection (GC.heap_info after GC.run)", heapPer / 1024, "KiB", 8));
            metrics.add(Metric.info("live heap per idle connection (class histogram)", livePer / 1024, "KiB"));
            metrics.add(Metric.info("RSS per idle connection", rssPer / 1024, "KiB"));
            metrics.add(Metric.info("connections open at measurement", open, "of " + n));
            metrics.add(Metric.info("connect + hello rate", n / connectSeconds, "conn/s"));

            if (ctx.sizes().idleCpuSeconds() > 0) {
                CpuWindow cpu = CpuWindow.start(server);
                Thread.sleep(ctx.sizes().idleCpuSeconds() * 1000L);
                CpuWindow.Figures f = cpu.end(details.putObject("idleCpu"));
                long stillOpen = sessions.stream().filter(s -> s.connection().isOpen()).count();
                details.put("openAfterIdleCpuWindow", stillOpen);
                metrics.add(Metric.info("server CPU with " + n + " idle connections (" + ctx.sizes().idleCpuSeconds()
                        + " s, spans a heartbeat)", f.serverCores() * 100, "% of a core"));
                if (stillOpen < n) {
                    notes.add((n - stillOpen) + " connections were closed during the idle window.");
                }
            }
            Clients.closeAll(sessions, Duration.ofSeconds(60));
            Thread.sleep(2000);
            Snapshot closed = Snapshot.take(server, jcmd);
            details.set("afterClose", closed.toJson(ctx.json().createObjectNode()));
            double leftPer = (double) (closed.liveTotal - before.liveTotal) / n;
            ObjectNode left = details.putObject("topClassesLeftPerConnectionAfterClose");
            for (Map.Entry<String, Jcmd.ClassLoad> e : topGrowth(before.histogram, closed.histogram, 12)) {
                left.putObject(e.getKey()).put("bytes", Math.round(e.getValue().bytes() / (double) n * 10) / 10.0)
                        .put("instances", Math.round(e.getValue().instances() / (double) n * 100) / 100.0);
            }
            metrics.add(Metric.info("live heap left per connection after all closed", leftPer / 1024, "KiB"));
            notes.add("Left behind per closed connection: " + left.properties().stream().limit(5)
                    .map(e -> e.getKey() + " " + e.getValue().path("bytes").asLong() + " B")
                    .reduce((a, b) -> a + ", " + b).orElse("nothing") + ".");
            notes.add("Per idle connection by owner of the type: " + byPackage.properties().stream()
                    .map(e -> e.getKey() + " " + e.getValue().asLong() + " B").reduce((a, b) -> a + "; " + b)
                    .orElse("") + ".");
            notes.add(String.format(Locale.ROOT, "Before: %.1f MiB live heap, %.1f MiB RSS; with %d connections: "
                    + "%.1f MiB live heap, %.1f MiB RSS. Biggest per-connection classes: %s.",
                    Format.mib(before.liveTotal), Format.mib(before.rss), n, Format.mib(after.liveTotal),
                    Format.mib(after.rss), topText));
            Clients.closeAll(first, Duration.ofSeconds(5));
        }
        return new ScenarioResult(name(), "Memory per idle connection", metrics, details, notes,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Who a class belongs to: Tether, Jetty, Javalin, or the JDK (arrays and collections: anyone's). */
    private static String owner(String cls) {
        if (cls.startsWith("dev.tether.")) {
            return "dev.tether (Tether's own types)";
        }
        if (cls.startsWith("org.eclipse.jetty.")) {
            return "org.eclipse.jetty (Jetty's own types)";
        }
        if (cls.startsWith("io.javalin.")) {
            return "io.javalin (Javalin's own types)";
        }
        if (cls.startsWith("[") || cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.")) {
            return "JDK types (arrays, strings, collections, locks: used by all of the above)";
        }
        return "other libraries";
    }

    private static List<Map.Entry<String, Jcmd.ClassLoad>> topGrowth(Map<String, Jcmd.ClassLoad> before,
                                                                    Map<String, Jcmd.ClassLoad> after, int k) {
        Map<String, Jcmd.ClassLoad> growth = new HashMap<>();
        Jcmd.ClassLoad none = new Jcmd.ClassLoad(0, 0);
        after.forEach((cls, load) -> {
            if (!cls.equals("(total)")) {
                Jcmd.ClassLoad b = before.getOrDefault(cls, none);
                growth.put(cls, new Jcmd.ClassLoad(load.instances() - b.instances(), load.bytes() - b.bytes()));
            }
        });
        return growth.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Jcmd.ClassLoad> e) -> e.getValue().bytes()).reversed())
                .limit(k).toList();
    }

    /** The server's memory at one moment, after a full GC. */
    private record Snapshot(long heapInfoUsed, long liveTotal, long rss, long openFiles, long threads,
                            Map<String, Jcmd.ClassLoad> histogram) {
        static Snapshot take(ServerProcess server, Jcmd jcmd) {
            long heap = jcmd.heapUsedAfterGc();
            Map<String, Jcmd.ClassLoad> histo = jcmd.liveHistogram();
            return new Snapshot(heap, histo.getOrDefault("(total)", new Jcmd.ClassLoad(0, 0)).bytes(),
                    server.rssBytes(), server.openFiles(), server.threads(), histo);
        }

        ObjectNode toJson(ObjectNode o) {
            return o.put("heapUsedBytes", heapInfoUsed).put("liveHeapBytes", liveTotal).put("rssBytes", rss)
                    .put("openFiles", openFiles).put("threads", threads);
        }
    }
}
