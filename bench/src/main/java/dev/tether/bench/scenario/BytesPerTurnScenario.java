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
import dev.tether.bench.ws.JsonScan;
import dev.tether.bench.ws.TetherSession;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Promise 7, cost per turn does not grow: one connection, one conversation, T turns one after another, the
 * model's reply the same each turn (10 chunks). For each turn: the wire bytes of every frame the client
 * received from its send to {@code turn_completed} (pings excluded), the frames, the time, and the size of
 * the request the server sent the model. Turn 10 is compared with turn T (and the mean of turns 10..19 with
 * the last ten).
 */
public final class BytesPerTurnScenario implements Scenario {
    private static final int CHUNKS = 10;
    private static final String CHUNK = "lorem ip ";

    @Override
    public String name() {
        return "bytes";
    }

    @Override
    public ScenarioResult run(BenchContext ctx) throws Exception {
        long t0 = System.nanoTime();
        int turns = ctx.sizes().turns();
        ObjectNode details = ctx.json().createObjectNode().put("turns", turns).put("replyChunks", CHUNKS)
                .put("replyText", CHUNK.repeat(CHUNKS));
        List<Metric> metrics = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        long[] bytes = new long[turns + 1];
        long[] frames = new long[turns + 1];
        long[] nanos = new long[turns + 1];
        long[] modelBytes = new long[turns + 1];
        try (FakeModelServer model = FakeModelServer.start();
             EventLoop loop = new EventLoop("ws-client");
             ServerProcess server = ctx.startServer(name(), model.baseUrl(), List.of())) {
            model.plan(ReplyPlan.fixed(CHUNKS, CHUNK, Duration.ofMillis(1)));
            InetSocketAddress addr = new InetSocketAddress("127.0.0.1", server.port());
            TetherSession s = Clients.connect(List.of(loop), addr, List.of(), 1, 1, Duration.ofSeconds(10)).getFirst();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String conv = s.create("bytes").get(30, TimeUnit.SECONDS);
            Turn turn = new Turn();
            s.subscribe(conv, turn::onFrame).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            long runDeadline = System.nanoTime() + Duration.ofSeconds(Math.max(120, turns / 5)).toNanos();
            for (int i = 1; i <= turns; i++) {
                CompletableFuture<long[]> done = new CompletableFuture<>();
                String id = String.format(Locale.ROOT, "b-%06d", i);
                loop.execute(() -> turn.start(s, conv, id, done));
                long[] r = done.get(Math.max(1, runDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                bytes[i] = r[0];
                frames[i] = r[1];
                nanos[i] = r[2];
                modelBytes[i] = model.lastChatRequestBytes();
                if (r[3] != 0) {
                    throw new IllegalStateException("Turn " + i + " failed: " + turn.lastError);
                }
            }
            details.put("memoryConsolidationRequests", model.memoryRequests());
            Clients.closeAll(List.of(s), Duration.ofSeconds(5));
        }
        int early = Math.min(10, turns);
        double ratio = (double) bytes[turns] / bytes[early];
        double meanEarly = mean(bytes, early, Math.min(turns, early + 9));
        double meanLate = mean(bytes, Math.max(1, turns - 9), turns);
        double timeEarly = median(nanos, early, Math.min(turns, early + 9));
        double timeLate = median(nanos, Math.max(1, turns - 9), turns);
        details.put("bytesTurn" + early, bytes[early]).put("bytesTurn" + turns, bytes[turns])
                .put("framesTurn" + early, frames[early]).put("framesTurn" + turns, frames[turns])
                .put("meanBytesTurns" + early + "to" + (early + 9), meanEarly)
                .put("meanBytesLast10", meanLate)
                .put("medianTurnMsTurns" + early + "to" + (early + 9), Format.millis((long) timeEarly))
                .put("medianTurnMsLast10", Format.millis((long) timeLate))
                .put("modelRequestBytesTurn" + early, modelBytes[early])
                .put("modelRequestBytesTurn" + turns, modelBytes[turns]);
        ArrayNode perTurn = details.putArray("bytesPerTurn");
        Arrays.stream(bytes, 1, turns + 1).forEach(perTurn::add);
        ArrayNode perTurnMs = details.putArray("turnMs");
        Arrays.stream(nanos, 1, turns + 1).forEach(v -> perTurnMs.add(Format.millis(v)));
        ArrayNode perTurnModel = details.putArray("modelRequestBytes");
        Arrays.stream(modelBytes, 1, turns + 1).forEach(perTurnModel::add);

        metrics.add(Metric.info("bytes received for turn " + early, bytes[early], "B"));
        metrics.add(Metric.info("bytes received for turn " + turns, bytes[turns], "B"));
        metrics.add(Metric.atMost("turn " + turns + " / turn " + early + " bytes, deviation",
                Math.abs(ratio - 1) * 100, "%", 10));
        metrics.add(Metric.info("turn time, median of turns " + early + "-" + (early + 9), Format.millis((long) timeEarly),
                "ms"));
        metrics.add(Metric.info("turn time, median of the last 10 turns", Format.millis((long) timeLate), "ms"));
        metrics.add(Metric.info("model request size at turn " + early, modelBytes[early], "B"));
        metrics.add(Metric.info("model request size at turn " + turns, modelBytes[turns], "B"));
        notes.add(String.format(Locale.ROOT, "Frames per turn: %d at turn %d, %d at turn %d (ack, user_message, "
                + "turn_started, deltas - merged when the connection backs up - and turn_completed). Mean bytes: %.0f "
                + "(turns %d-%d) vs %.0f (last 10). The model request grows with the history until agent.context-tokens "
                + "is full, then stays flat; older turns are then summarised in the background (%d consolidation "
                + "requests).", frames[early], early, frames[turns], turns, meanEarly, early, early + 9, meanLate,
                details.path("memoryConsolidationRequests").asLong()));
        return new ScenarioResult(name(), "Bytes per turn (promise 7)", metrics, details, notes,
                (System.nanoTime() - t0) / 1e9);
    }

    private static double mean(long[] v, int from, int to) {
        double sum = 0;
        for (int i = from; i <= to; i++) {
            sum += v[i];
        }
        return sum / (to - from + 1);
    }

    private static double median(long[] v, int from, int to) {
        long[] c = Arrays.copyOfRange(v, from, to + 1);
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /** The turn in progress; loop thread only. */
    static final class Turn {
        long startBytes;
        long startFrames;
        long startNanos;
        boolean active;
        TetherSession session;
        CompletableFuture<long[]> done;
        String lastError = "";

        void start(TetherSession s, String conv, String clientMessageId, CompletableFuture<long[]> whenDone) {
            session = s;
            done = whenDone;
            startBytes = s.bytesNoPing();
            startFrames = s.framesIn();
            startNanos = System.nanoTime();
            active = true;
            s.send(conv, clientMessageId, "hi", (answer, at) -> {
                if (!"ack".equals(JsonScan.str(answer, "type"))) {
                    lastError = answer;
                    finish(1);
                }
            });
        }

        void onFrame(String type, String json, long arrival, int wire) {
            if (!active) {
                return;
            }
            if (type.equals("turn_completed")) {
                finish(0);
            } else if (type.equals("turn_failed")) {
                lastError = json;
                finish(1);
            }
        }

        private void finish(int failed) {
            active = false;
            done.complete(new long[] {session.bytesNoPing() - startBytes, session.framesIn() - startFrames,
                    System.nanoTime() - startNanos, failed});
        }
    }
}
