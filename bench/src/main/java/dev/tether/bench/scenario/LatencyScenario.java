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
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Token delivery latency at N concurrent streams of R tokens/s: every stream is its own connection and
 * conversation; the fake model stamps each chunk with {@link System#nanoTime()} as it writes it, and the
 * client subtracts that from the time the read that completed the frame returned (model and client share
 * this JVM's clock). A warm-up round (not recorded) lets the server's JIT settle; then a measured round.
 * Positions and token indices are checked: lost or duplicated deltas are counted. After the server's levels,
 * with the server stopped, two floors at the top level: the streams straight from the fake model to this
 * generator, and through a do-nothing {@link dev.tether.bench.floor.Relay} process in the server's place (also
 * with CPU spent per chunk, for {@code --relay-work-us}), which is what any server could at best reach here.
 */
public final class LatencyScenario implements Scenario {
    /** The relay floor's selector threads: one per core, as many as the server's busy I/O threads. */
    private static final int RELAY_LOOPS = 2;
    /** The brief's target for the added latency's p99 at the top level. */
    private static final int P99_TARGET_MS = 10;

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public ScenarioResult run(BenchContext ctx) throws Exception {
        long t0 = System.nanoTime();
        var sizes = ctx.sizes();
        int rate = sizes.tokensPerSecond();
        ObjectNode details = ctx.json().createObjectNode().put("tokensPerSecondPerStream", rate);
        List<String> notes = new ArrayList<>();
        List<Metric> metrics = new ArrayList<>();
        ArrayNode levels = details.putArray("levels");
        int top = sizes.streams().stream().mapToInt(Integer::intValue).max().orElse(0);
        try (FakeModelServer model = FakeModelServer.start();
             EventLoop loop = new EventLoop("ws-client")) {
            double serverCoresAtTop = serverLevels(ctx, model, loop, top, details, levels, metrics, notes);
            // the floors, with the server stopped: the same streams from the fake model straight to this generator
            model.lateness().drain();
            Recorder floor = DirectStreams.run(model, loop, top, rate * sizes.streamSeconds(), rate);
            Recorder floorLate = model.lateness().drain();
            details.putObject("floorNoServer").put("streams", top).put("tokens", floor.count())
                    .put("p50Ms", Format.millis(floor.percentile(50))).put("p99Ms", Format.millis(floor.percentile(99)))
                    .put("p999Ms", Format.millis(floor.percentile(99.9)))
                    .put("modelEmitLatenessP99Ms", Format.millis(floorLate.percentile(99)));
            metrics.add(Metric.info("floor without the server (model -> generator directly), p99 at " + top
                    + " streams", Format.millis(floor.percentile(99)), "ms"));
            System.err.printf(Locale.ROOT, "  floor, %d streams without the server: p50 %.2f ms, p99 %.2f ms%n", top,
                    Format.millis(floor.percentile(50)), Format.millis(floor.percentile(99)));
            // and through a do-nothing relay process where the server was: the topology's own cost; with work
            // per chunk added, how much of its own CPU a server may spend per token on this machine
            ArrayNode relays = details.putArray("floorRelay");
            for (int work : sizes.relayWorkMicros()) {
                double relayCores = relayFloor(ctx, model, loop, top, rate, work, relays.addObject(), metrics, notes);
                if (work == 0 && relayCores > 0 && serverCoresAtTop > 0) {
                    // both pay the same syscalls per token: a slower or busier machine moves this less than either
                    metrics.add(Metric.info("server CPU per token / do-nothing relay's, at " + top + " streams",
                            Math.round(serverCoresAtTop / relayCores * 100) / 100.0, "x"));
                }
            }
        }
        notes.add("Latency = client read time - model write time, per token (merged deltas carry several tokens; "
                + "each is counted). It includes two loopback hops (model -> server -> client) and the client's own "
                + "wake-up. 'Fake model's write lateness' is how late the generator wrote chunks against their "
                + "schedule: when it is high the shared cores were saturated, and the generator's client side was "
                + "delayed too.");
        return new ScenarioResult(name(), "Token delivery latency", metrics, details, notes, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The server's levels, each a warm-up round and a measured one; fills {@code levels}, metrics and notes and
     * returns the server's CPU in cores at the top level.
     */
    private double serverLevels(BenchContext ctx, FakeModelServer model, EventLoop loop, int top, ObjectNode details,
                              ArrayNode levels, List<Metric> metrics, List<String> notes) throws Exception {
        var sizes = ctx.sizes();
        int rate = sizes.tokensPerSecond();
        // every stream's reply runs at once: the default queue.concurrency (16) suits a small local model
        int within = 0;
        double serverCoresAtTop = 0;
        try (ServerProcess server = ctx.startServer(name(), model.baseUrl(), List.of("queue.concurrency=" + top))) {
            InetSocketAddress addr = new InetSocketAddress("127.0.0.1", server.port());
            warmUp(loop, addr, model, Math.min(300, top), Math.max(10, sizes.warmupSeconds()) * rate, rate);
            for (int n : sizes.streams()) {
                ObjectNode level = levels.addObject().put("streams", n).put("offeredTokensPerSecond", n * rate);
                Round measured = level(ctx, loop, addr, server, model, n, level, notes);
                Recorder lat = measured.latency;
                ObjectNode m = (ObjectNode) level.path("measured");
                if (Format.millis(lat.percentile(99)) <= P99_TARGET_MS) {
                    within = Math.max(within, n); // what someone sizing a machine wants: how far this one goes
                }
                String at = " at " + n + " streams";
                if (n == top) {
                    serverCoresAtTop = m.path("serverCores").asDouble();
                    metrics.add(Metric.info("deliveries measured (" + n + " streams x " + rate + " tokens/s, "
                            + sizes.streamSeconds() + " s)", lat.count(), "tokens"));
                    metrics.add(Metric.info("added delivery latency p50" + at, Format.millis(lat.percentile(50)), "ms"));
                    metrics.add(Metric.atMost("added delivery latency p99" + at, Format.millis(lat.percentile(99)), "ms",
                            P99_TARGET_MS));
                    metrics.add(Metric.info("added delivery latency p99.9" + at, Format.millis(lat.percentile(99.9)),
                            "ms"));
                    metrics.add(Metric.info("added delivery latency max" + at, Format.millis(lat.max()), "ms"));
                    // a level whose replies did not all stream says nothing about latency: it fails, loudly
                    metrics.add(Metric.atMost("turns failed or unfinished" + at, measured.failedTurns
                            + measured.unfinished, "", 0));
                    metrics.add(Metric.atMost("lost deltas (positions)" + at, measured.lostPositions
                            + measured.lostTokens, "", 0));
                    metrics.add(Metric.atMost("duplicated deltas (positions)" + at, measured.dupPositions
                            + measured.dupTokens, "", 0));
                    metrics.add(Metric.info("server CPU" + at, m.path("serverCores").asDouble(), "cores"));
                    metrics.add(Metric.info("load generator CPU" + at, m.path("generatorCores").asDouble(), "cores"));
                    metrics.add(Metric.info("other processes' CPU meanwhile (should be ~0)",
                            m.path("otherProcessesCores").asDouble(), "cores"));
                    metrics.add(Metric.info("fake model's write lateness p99 (generator starvation)",
                            m.path("modelEmitLatenessP99Ms").asDouble(), "ms"));
                } else {
                    metrics.add(Metric.info("added delivery latency p50" + at, Format.millis(lat.percentile(50)), "ms"));
                    metrics.add(Metric.info("added delivery latency p99" + at, Format.millis(lat.percentile(99)), "ms"));
                    metrics.add(Metric.info("server CPU" + at, m.path("serverCores").asDouble(), "cores"));
                }
                notes.add(String.format(Locale.ROOT, "%d streams (%,d tokens/s): p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, "
                        + "max %.0f ms; %d of %d delta frames merged; server %.2f cores (%.0f us of CPU per token), "
                        + "generator %.2f cores, other processes %.2f cores; server RSS %d MiB.", n, n * rate,
                        Format.millis(lat.percentile(50)), Format.millis(lat.percentile(99)),
                        Format.millis(lat.percentile(99.9)), Format.millis(lat.max()), measured.mergedFrames,
                        measured.frames, m.path("serverCores").asDouble(),
                        m.path("serverCores").asDouble() * 1e6 / Math.max(1, n * rate),
                        m.path("generatorCores").asDouble(), m.path("otherProcessesCores").asDouble(),
                        m.path("serverRssBytes").asLong() >> 20));
                System.err.printf(Locale.ROOT, "  %d streams: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, server %.2f cores%n",
                        n, Format.millis(lat.percentile(50)), Format.millis(lat.percentile(99)),
                        Format.millis(lat.percentile(99.9)), m.path("serverCores").asDouble());
            }
            details.put("serverRssBytesAtEnd", server.rssBytes());
        }
        details.put("mostStreamsWithinP99Target", within);
        metrics.add(Metric.info("most streams measured with p99 <= " + P99_TARGET_MS + " ms (levels "
                + sizes.streams().stream().map(String::valueOf).collect(Collectors.joining(", "))
                + ")", within, "streams"));
        return serverCoresAtTop;
    }

    /**
     * The streams of the top level through a relay that spends {@code workMicros} per chunk (none: a do-nothing
     * relay); returns the relay's CPU in cores.
     */
    private static double relayFloor(BenchContext ctx, FakeModelServer model, EventLoop loop, int streams, int rate,
                                   int workMicros, ObjectNode out, List<Metric> metrics, List<String> notes)
            throws Exception {
        RelayFloor.Result relay = RelayFloor.run(ctx.options().javaHome(), model, loop, streams,
                rate * ctx.sizes().streamSeconds(), rate, RELAY_LOOPS, workMicros * 1000L);
        Recorder late = model.lateness().drain();
        Recorder lat = relay.latency();
        CpuWindow.Figures cpu = relay.cpu();
        double usPerToken = cpu.serverCores() * 1e6 / Math.max(1, streams * rate);
        out.put("streams", streams).put("loops", RELAY_LOOPS).put("workMicrosPerChunk", workMicros)
                .put("tokens", lat.count()).put("p50Ms", Format.millis(lat.percentile(50)))
                .put("p99Ms", Format.millis(lat.percentile(99))).put("p999Ms", Format.millis(lat.percentile(99.9)))
                .put("relayCores", CpuWindow.round(cpu.serverCores()))
                .put("relayMicrosPerToken", Math.round(usPerToken * 10) / 10.0)
                .put("generatorCores", CpuWindow.round(cpu.generatorCores()))
                .put("otherProcessesCores", CpuWindow.round(cpu.otherCores()))
                .put("modelEmitLatenessP99Ms", Format.millis(late.percentile(99)));
        String what = workMicros == 0 ? "a do-nothing relay" : "a relay spending " + workMicros + " us per chunk";
        metrics.add(Metric.info("floor through " + what + " (no server), p99 at " + streams + " streams",
                Format.millis(lat.percentile(99)), "ms"));
        notes.add(String.format(Locale.ROOT, "Floor through %s (a process of its own in the server's place, %d "
                        + "selector threads, one read and one write per chunk): %d streams, p50 %.2f ms, p99 %.2f ms, "
                        + "p99.9 %.2f ms; relay %.2f cores (%.1f us of CPU per token), generator %.2f cores; the fake "
                        + "model's write lateness p99 %.2f ms.", what, RELAY_LOOPS, streams,
                Format.millis(lat.percentile(50)), Format.millis(lat.percentile(99)), Format.millis(lat.percentile(99.9)),
                cpu.serverCores(), usPerToken, cpu.generatorCores(), Format.millis(late.percentile(99))));
        System.err.printf(Locale.ROOT, "  floor, %d streams through %s: p50 %.2f ms, p99 %.2f ms, relay %.2f cores "
                        + "(%.1f us per token)%n", streams, what, Format.millis(lat.percentile(50)),
                Format.millis(lat.percentile(99)), cpu.serverCores(), usPerToken);
        return cpu.serverCores();
    }

    /** JIT warm-up before any level: a round at a moderate load, not recorded. */
    private static void warmUp(EventLoop loop, InetSocketAddress addr, FakeModelServer model, int n, int tokens,
                               int rate) throws Exception {
        List<TetherSession> sessions = Clients.connect(List.of(loop), addr, List.of(), n, 256, Duration.ofSeconds(60));
        round(open(sessions, loop), loop, model, tokens, rate, "jit", false);
        Clients.closeAll(sessions, Duration.ofSeconds(10));
    }

    /** One level: N fresh connections and conversations, a warm-up round, a measured round. */
    private static Round level(BenchContext ctx, EventLoop loop, InetSocketAddress addr, ServerProcess server,
                               FakeModelServer model, int n, ObjectNode level, List<String> notes) throws Exception {
        var sizes = ctx.sizes();
        int rate = sizes.tokensPerSecond();
        List<TetherSession> sessions = Clients.connect(List.of(loop), addr, List.of(), n, 256, Duration.ofSeconds(60));
        List<Stream> streams = open(sessions, loop);
        Round warm = round(streams, loop, model, rate * sizes.warmupSeconds(), rate, "w" + n, false);
        model.lateness().drain();
        level.set("warmup", warm.toJson(ctx.json().createObjectNode()));

        CpuWindow cpu = CpuWindow.start(server);
        Profiler profiler = Profiler.start(server, ctx.options().javaHome(),
                ctx.dir("latency").resolve("latency-" + n + ".jfr"), ctx.options().profile(),
                Duration.ofSeconds(sizes.streamSeconds()));
        Round measured = round(streams, loop, model, rate * sizes.streamSeconds(), rate, "m" + n, true);
        ObjectNode m = measured.toJson(level.putObject("measured"));
        cpu.end(m);
        String profile = profiler.stop();
        Recorder late = model.lateness().drain();
        m.put("modelEmitLatenessP99Ms", Format.millis(late.percentile(99)))
                .put("modelEmitLatenessP999Ms", Format.millis(late.percentile(99.9)))
                .put("serverRssBytes", server.rssBytes()).put("serverThreads", server.threads());
        if (measured.failedTurns > 0 || measured.unfinished > 0) {
            notes.add(n + " streams: " + measured.failedTurns + " turns failed and " + measured.unfinished
                    + " did not finish in time; last error: " + measured.lastError);
        }
        if (!profile.isEmpty()) {
            notes.add("JFR profile and thread dumps of the server at " + n + " streams: " + profile);
        }
        Clients.closeAll(sessions, Duration.ofSeconds(10));
        return measured;
    }

    /** Creates and subscribes one conversation per session. */
    private static List<Stream> open(List<TetherSession> sessions, EventLoop loop) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        List<String> convs = Clients.await(sessions.stream().map(s -> s.create("latency")).toList(), deadline, "create");
        List<Stream> streams = new ArrayList<>();
        List<CompletableFuture<Long>> subs = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            Stream st = new Stream(sessions.get(i), convs.get(i));
            streams.add(st);
            subs.add(sessions.get(i).subscribe(st.conversation, st::onFrame));
        }
        List<Long> seqs = Clients.await(subs, deadline, "snapshot");
        for (int i = 0; i < streams.size(); i++) {
            long seq = seqs.get(i);
            Stream st = streams.get(i);
            loop.execute(() -> st.lastSeq = seq);
        }
        return streams;
    }

    /** Every stream sends one message (starts spread over a second); waits for every turn to end. */
    private static Round round(List<Stream> streams, EventLoop loop, FakeModelServer model, int tokens, int rate,
                               String tag, boolean record) throws InterruptedException {
        model.plan(ReplyPlan.timestamped(tokens, rate));
        Round round = new Round(tokens, record, streams.size());
        long start = System.nanoTime() + 50_000_000L;
        long spread = 1_000_000_000L;
        for (int i = 0; i < streams.size(); i++) {
            Stream st = streams.get(i);
            String id = tag + "-" + i;
            loop.schedule(start + spread * i / streams.size(), () -> st.startTurn(round, id));
        }
        long timeout = (long) (1.0 * tokens / rate * 1e9) + spread + 60_000_000_000L;
        round.done.await(timeout, TimeUnit.NANOSECONDS);
        CompletableFuture<Void> settled = new CompletableFuture<>();
        loop.execute(() -> {
            round.unfinished = (int) round.done.getCount();
            settled.complete(null);
        });
        settled.join();
        return round;
    }

    /** One measured (or warm-up) round's counters; touched only on the client loop thread. */
    static final class Round {
        final int tokensPerTurn;
        final boolean record;
        final Recorder latency = new Recorder();
        final CountDownLatch done;
        long frames;
        long mergedFrames;
        long tokens;
        long lostPositions;
        long dupPositions;
        long lostTokens;
        long dupTokens;
        int failedTurns;
        int unfinished;
        String lastError = "";

        Round(int tokensPerTurn, boolean record, int turns) {
            this.tokensPerTurn = tokensPerTurn;
            this.record = record;
            this.done = new CountDownLatch(turns);
        }

        void finished() {
            done.countDown();
        }

        ObjectNode toJson(ObjectNode o) {
            o.put("tokensPerTurn", tokensPerTurn).put("deltaFrames", frames).put("mergedFrames", mergedFrames)
                    .put("tokensReceived", tokens).put("lostPositions", lostPositions).put("duplicatePositions", dupPositions)
                    .put("lostTokens", lostTokens).put("duplicateTokens", dupTokens).put("failedTurns", failedTurns)
                    .put("unfinishedTurns", unfinished);
            if (record) {
                o.put("p50Ms", Format.millis(latency.percentile(50))).put("p90Ms", Format.millis(latency.percentile(90)))
                        .put("p99Ms", Format.millis(latency.percentile(99)))
                        .put("p999Ms", Format.millis(latency.percentile(99.9))).put("maxMs", Format.millis(latency.max()))
                        .put("meanMs", Format.millis((long) latency.mean()))
                        .put("over10Ms", latency.countAbove(10_000_000L)).put("over50Ms", latency.countAbove(50_000_000L));
            }
            return o;
        }
    }

    /** One connection with one conversation; its handlers run on the loop thread. */
    static final class Stream {
        final TetherSession session;
        final String conversation;
        long lastSeq;
        long nextToken;
        boolean inTurn;
        Round round;

        Stream(TetherSession session, String conversation) {
            this.session = session;
            this.conversation = conversation;
        }

        void startTurn(Round r, String clientMessageId) {
            round = r;
            nextToken = 0;
            inTurn = true;
            session.send(conversation, clientMessageId, "stream please", (ack, at) -> {
                if (!"ack".equals(JsonScan.str(ack, "type"))) {
                    r.failedTurns++;
                    r.lastError = ack;
                    end();
                }
            });
        }

        void onFrame(String type, String json, long arrival, int wire) {
            if (type.equals("snapshot")) {
                return;
            }
            long seq = JsonScan.num(json, "seq", -1);
            long first = JsonScan.num(json, "firstSeq", seq);
            Round r = round;
            if (r != null) {
                if (first > lastSeq + 1) {
                    r.lostPositions += first - lastSeq - 1;
                } else if (first <= lastSeq) {
                    r.dupPositions += Math.min(seq, lastSeq) - first + 1;
                }
            }
            lastSeq = Math.max(lastSeq, seq);
            if (r == null) {
                return;
            }
            switch (type) {
                case "delta" -> delta(r, json, arrival, first != seq);
                case "turn_completed" -> {
                    if (inTurn && nextToken != r.tokensPerTurn) {
                        r.lostTokens += Math.max(0, r.tokensPerTurn - nextToken);
                    }
                    end();
                }
                case "turn_failed" -> {
                    r.failedTurns++;
                    r.lastError = json;
                    end();
                }
                default -> { }
            }
        }

        private void delta(Round r, String json, long arrival, boolean merged) {
            r.frames++;
            if (merged) {
                r.mergedFrames++;
            }
            String text = JsonScan.str(json, "text");
            int i = 0;
            while (i < text.length()) {
                int colon = text.indexOf(':', i);
                int semi = text.indexOf(';', colon);
                if (colon < 0 || semi < 0) {
                    break;
                }
                long k = Long.parseLong(text, i, colon, 10);
                long emitted = Long.parseLong(text, colon + 1, semi, 10);
                if (k > nextToken) {
                    r.lostTokens += k - nextToken;
                } else if (k < nextToken) {
                    r.dupTokens++;
                }
                nextToken = Math.max(nextToken, k + 1);
                r.tokens++;
                if (r.record) {
                    r.latency.record(arrival - emitted);
                }
                i = semi + 1;
            }
        }

        private void end() {
            if (inTurn) {
                inTurn = false;
                round.finished();
            }
        }
    }
}
