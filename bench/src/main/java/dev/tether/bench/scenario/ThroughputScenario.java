package dev.tether.bench.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.bench.BenchContext;
import dev.tether.bench.model.FakeModelServer;
import dev.tether.bench.model.ReplyPlan;
import dev.tether.bench.nio.EventLoop;
import dev.tether.bench.report.Format;
import dev.tether.bench.report.Metric;
import dev.tether.bench.report.ScenarioResult;
import dev.tether.bench.server.ServerProcess;
import dev.tether.bench.stats.Recorder;
import dev.tether.bench.ws.JsonScan;
import dev.tether.bench.ws.TetherSession;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns per second with an instant model (one chunk, sent with the response head) and the default durable
 * store (SQLite, WAL, synchronous=FULL). Closed loop: C conversations, each sending its next message as soon
 * as the previous turn's {@code turn_completed} arrives, spread over up to 64 connections. Counted: turns
 * whose {@code turn_completed} arrived inside the measured window, for each concurrency level. The disk's
 * own ceiling (write + fdatasync per second on the server's file system) is measured too, for comparison.
 */
public final class ThroughputScenario implements Scenario {
    private static final int MAX_CONNECTIONS = 64;

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public ScenarioResult run(BenchContext ctx) throws Exception {
        long t0 = System.nanoTime();
        var sizes = ctx.sizes();
        ObjectNode details = ctx.json().createObjectNode();
        List<Metric> metrics = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        double fsyncs = DiskProbe.fdatasyncsPerSecond(ctx.dir(name()), Duration.ofSeconds(2));
        details.put("diskFdatasyncsPerSecond", Math.round(fsyncs));
        double best = 0;
        int bestLevel = 0;
        ObjectNode bestLevelJson = null;
        try (FakeModelServer model = FakeModelServer.start();
             EventLoop loop = new EventLoop("ws-client");
             // an instant model takes any number of requests at once: queue.concurrency (default 16, for a small
             // local model) would cap turns at 16 / turn time instead of measuring what the server can do
             ServerProcess server = ctx.startServer(name(), model.baseUrl(),
                     List.of("queue.concurrency=" + sizes.throughputLevels().getLast()))) {
            model.plan(ReplyPlan.instant("ok"));
            InetSocketAddress addr = new InetSocketAddress("127.0.0.1", server.port());
            ArrayNode levels = details.putArray("levels");
            // JIT warm-up: one untimed run of the first level, so C2 does not compete with the measured levels
            double warm = level(ctx, loop, addr, server, sizes.throughputLevels().getFirst(), ctx.json().createObjectNode());
            System.err.printf(Locale.ROOT, "  (warm-up: %.0f turns/s, not reported)%n", warm);
            for (int level : sizes.throughputLevels()) {
                ObjectNode lj = levels.addObject().put("conversations", level);
                Profiler profiler = Profiler.start(server, ctx.options().javaHome(),
                        ctx.dir(name()).resolve("throughput-" + level + ".jfr"), ctx.options().profile(),
                        Duration.ofSeconds(sizes.throughputWarmupSeconds() + sizes.throughputSeconds()));
                double tps = level(ctx, loop, addr, server, level, lj);
                String profile = profiler.stop();
                if (!profile.isEmpty()) {
                    lj.put("profile", profile);
                    notes.add("JFR profile of the server at " + level + " conversations: " + profile);
                }
                System.err.printf(Locale.ROOT, "  %d conversations: %.0f turns/s%n", level, tps);
                if (tps > best) {
                    best = tps;
                    bestLevel = level;
                    bestLevelJson = lj;
                }
            }
            details.put("memoryRequests", model.memoryRequests()).put("modelRequests", model.requests());
        }
        metrics.add(Metric.atLeast("turns/s, best level (" + bestLevel + " conversations in flight)", best, "turns/s",
                2000));
        if (bestLevelJson != null) {
            metrics.add(Metric.info("send -> ack p50 at that level", bestLevelJson.path("ackP50Ms").asDouble(), "ms"));
            metrics.add(Metric.info("send -> turn_completed p50 at that level",
                    bestLevelJson.path("turnP50Ms").asDouble(), "ms"));
            metrics.add(Metric.info("send -> turn_completed p99 at that level",
                    bestLevelJson.path("turnP99Ms").asDouble(), "ms"));
            metrics.add(Metric.info("server CPU per turn at that level", bestLevelJson.path("serverCpuUsPerTurn").asDouble(),
                    "us"));
            metrics.add(Metric.info("server CPU at that level", bestLevelJson.path("serverCores").asDouble(), "cores"));
            metrics.add(Metric.info("other processes' CPU meanwhile (should be ~0)",
                    bestLevelJson.path("otherProcessesCores").asDouble(), "cores"));
        }
        metrics.add(Metric.info("disk ceiling: write+fdatasync per second (one thread)", fsyncs, "1/s"));
        notes.add(String.format(Locale.ROOT, "The SQLite store has one writer and fsyncs every commit "
                + "(WAL, synchronous=FULL); a turn writes at least twice (the user message before the ack, the reply "
                + "at the end). Writes that arrive during a commit share the next one (group commit), so the disk's "
                + "%.0f fdatasyncs/s (measured on this file system) cap commits, not turns; without it they would cap "
                + "turns at about %.0f/s.", fsyncs, fsyncs / 2));
        return new ScenarioResult(name(), "Turns per second (instant model, durable store)", metrics, details, notes,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Runs one concurrency level on fresh conversations; returns turns/s in the measured window. */
    private static double level(BenchContext ctx, EventLoop loop, InetSocketAddress addr, ServerProcess server,
                                int conversations, ObjectNode out) throws InterruptedException {
        var sizes = ctx.sizes();
        int connections = Math.min(conversations, MAX_CONNECTIONS);
        List<TetherSession> sessions = Clients.connect(List.of(loop), addr, List.of(), connections, 64,
                Duration.ofSeconds(30));
        long setupDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<CompletableFuture<String>> creates = new ArrayList<>();
        for (int i = 0; i < conversations; i++) {
            creates.add(sessions.get(i % connections).create("throughput"));
        }
        List<String> convs = Clients.await(creates, setupDeadline, "create");
        Window w = new Window(conversations);
        List<Conversation> loops = new ArrayList<>();
        List<CompletableFuture<Long>> subs = new ArrayList<>();
        for (int i = 0; i < conversations; i++) {
            Conversation c = new Conversation(sessions.get(i % connections), convs.get(i), w, "c" + i);
            loops.add(c);
            subs.add(c.session.subscribe(c.conversation, c::onFrame));
        }
        Clients.await(subs, setupDeadline, "snapshot");

        long start = System.nanoTime();
        w.measureFrom = start + sizes.throughputWarmupSeconds() * 1_000_000_000L;
        w.measureTo = w.measureFrom + sizes.throughputSeconds() * 1_000_000_000L;
        loops.forEach(c -> loop.execute(c::sendNext));
        long sleepUntil = w.measureFrom;
        Thread.sleep(Math.max(0, (sleepUntil - System.nanoTime()) / 1_000_000));
        CpuWindow cpu = CpuWindow.start(server);
        Thread.sleep(Math.max(0, (w.measureTo - System.nanoTime()) / 1_000_000));
        CpuWindow.Figures f = cpu.end(out);
        if (!w.idle.await(30, TimeUnit.SECONDS)) {
            out.put("stragglers", w.idle.getCount());
        }
        CompletableFuture<Void> read = new CompletableFuture<>();
        double[] tps = new double[1];
        loop.execute(() -> {
            double seconds = (w.measureTo - w.measureFrom) / 1e9;
            tps[0] = w.completedInWindow / seconds;
            long turnsInCpuWindow = Math.max(1, Math.round(tps[0] * f.wallSeconds()));
            out.put("turnsPerSecond", Math.round(tps[0] * 10) / 10.0).put("completedInWindow", w.completedInWindow)
                    .put("turnsPerConversationInWindow", Math.round(w.completedInWindow * 10.0 / conversations) / 10.0)
                    .put("connections", connections).put("failedTurns", w.failed).put("errors", w.errors)
                    .put("lastError", w.lastError)
                    .put("ackP50Ms", Format.millis(w.ack.percentile(50))).put("ackP99Ms", Format.millis(w.ack.percentile(99)))
                    .put("turnP50Ms", Format.millis(w.turn.percentile(50)))
                    .put("turnP99Ms", Format.millis(w.turn.percentile(99)))
                    .put("turnP999Ms", Format.millis(w.turn.percentile(99.9)))
                    .put("serverCpuUsPerTurn", Math.round(f.serverCores() * f.wallSeconds() * 1e6 / turnsInCpuWindow));
            read.complete(null);
        });
        read.join();
        Clients.closeAll(sessions, Duration.ofSeconds(10));
        return tps[0];
    }

    /** The measured window and its counters; loop thread only (except the latch). */
    static final class Window {
        long measureFrom;
        long measureTo;
        long completedInWindow;
        long failed;
        long errors;
        String lastError = "";
        final Recorder ack = new Recorder();
        final Recorder turn = new Recorder();
        final CountDownLatch idle;

        Window(int conversations) {
            idle = new CountDownLatch(conversations);
        }
    }

    /** One conversation in a closed loop: send, wait for the turn's end, send again until the window closes. */
    static final class Conversation {
        final TetherSession session;
        final String conversation;
        final Window w;
        final String prefix;
        long sent;
        long sentAt;
        boolean waiting;

        Conversation(TetherSession session, String conversation, Window w, String prefix) {
            this.session = session;
            this.conversation = conversation;
            this.w = w;
            this.prefix = prefix;
        }

        void sendNext() {
            long now = System.nanoTime();
            if (now >= w.measureTo) {
                w.idle.countDown();
                return;
            }
            sent++;
            sentAt = now;
            waiting = true;
            long at = now;
            session.send(conversation, prefix + "-" + sent, "hi", (answer, arrival) -> {
                if (!"ack".equals(JsonScan.str(answer, "type"))) {
                    w.errors++;
                    w.lastError = answer;
                    waiting = false;
                    session.connection().loop().schedule(System.nanoTime() + 10_000_000L, this::sendNext);
                } else if (at >= w.measureFrom) {
                    w.ack.record(arrival - at);
                }
            });
        }

        void onFrame(String type, String json, long arrival, int wire) {
            if (!waiting || !(type.equals("turn_completed") || type.equals("turn_failed"))) {
                return;
            }
            waiting = false;
            if (type.equals("turn_failed")) {
                w.failed++;
                w.lastError = json;
            }
            if (arrival >= w.measureFrom && arrival < w.measureTo) {
                w.completedInWindow++;
            }
            if (sentAt >= w.measureFrom) {
                w.turn.record(arrival - sentAt);
            }
            sendNext();
        }
    }
}
