package dev.tether.faults.scenario;

import dev.tether.faults.client.ChatClient;
import dev.tether.faults.client.WsSocket;
import dev.tether.testkit.ws.WsFrames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Bad input from many clients at once while well-behaved clients keep chatting (promise 9): invalid JSON, JSON
 * that is not an object, unknown and missing types, sends with missing or oversized fields, subscribes to
 * unknown conversations, binary frames, a second hello, a first frame that is not hello (4002), a flood of
 * invalid frames (4003), frames past the size limit (1009) and text that is not UTF-8. Each bad frame must get
 * its documented answer; the chatters' histories must check out as if nothing happened.
 */
public final class MalformedScenario implements Scenario {
    /** A bad frame and what the server must answer: an error code from {@code errors}, or a close code. */
    private record Bad(String kind, int opcode, byte[] payload, Set<String> errors, Set<Integer> closes) {
        static Bad text(String kind, String json, String... errors) {
            return new Bad(kind, WsFrames.TEXT, json.getBytes(StandardCharsets.UTF_8), Set.of(errors), Set.of());
        }
    }

    @Override
    public String name() {
        return "malformed";
    }

    @Override
    public String description() {
        return "random malformed frames from many clients at once while others chat";
    }

    @Override
    public void run(FaultRun run) throws Exception {
        List<Thread> chatters = new ArrayList<>();
        var chatting = new java.util.concurrent.atomic.AtomicBoolean(true);
        for (int i = 0; i < 4; i++) {
            String conversation = run.conversation();
            ChatClient c = run.client("polite" + i);
            c.follow(conversation);
            chatters.add(Thread.ofVirtual().start(() -> {
                c.awaitLive(Duration.ofSeconds(10));
                for (int n = 0; chatting.get(); n++) {
                    String cid = c.send(conversation, "still chatting " + n);
                    if (!c.awaitReply(cid, Duration.ofSeconds(15))) {
                        run.anomaly(c.name() + ": the reply to " + cid + " did not finish within 15 s");
                    }
                }
            }));
        }
        int badClients = run.size(60, 300);
        List<Thread> bad = new ArrayList<>();
        long seed = run.random().nextLong();
        for (int i = 0; i < badClients; i++) {
            Random random = new Random(seed + i);
            int n = i;
            bad.add(Thread.ofVirtual().start(() -> badClient(run, random, "bad" + n)));
        }
        for (Thread t : bad) {
            t.join(Duration.ofSeconds(120));
        }
        chatting.set(false);
        for (Thread t : chatters) {
            t.join(Duration.ofSeconds(20));
        }
    }

    private static List<Bad> catalog(Random random) {
        String longText = "x".repeat(32_001);
        return List.of(
                Bad.text("invalid-json", "{\"type\": \"send\", oops", "invalid_json"),
                Bad.text("not-an-object", "[1, 2, 3]", "invalid_json"),
                Bad.text("unknown-type", "{\"type\":\"explode\",\"id\":\"m1\"}", "unknown_type"),
                Bad.text("missing-type", "{\"id\":\"m2\"}", "unknown_type"),
                Bad.text("send-missing-fields", "{\"type\":\"send\",\"id\":\"m3\"}", "invalid_frame"),
                Bad.text("send-text-too-long", "{\"type\":\"send\",\"id\":\"m4\",\"conversation\":\"nope\","
                        + "\"clientMessageId\":\"c" + random.nextInt() + "\",\"text\":\"" + longText + "\"}",
                        "invalid_frame", "not_found"),
                Bad.text("subscribe-unknown", "{\"type\":\"subscribe\",\"id\":\"m5\",\"conversation\":\"nope"
                        + random.nextInt(1000) + "\"}", "not_found"),
                Bad.text("second-hello", "{\"type\":\"hello\",\"v\":1}", "invalid_frame"),
                Bad.text("wrong-field-type", "{\"type\":\"subscribe\",\"id\":\"m6\",\"conversation\":42}",
                        "invalid_frame", "not_found"),
                new Bad("binary", WsFrames.BINARY, new byte[] {1, 2, 3}, Set.of("invalid_frame"), Set.of()));
    }

    private static List<Bad> closing() {
        byte[] huge = ("{\"type\":\"send\",\"text\":\"" + "y".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        return List.of(new Bad("oversized", WsFrames.TEXT, huge, Set.of(), Set.of(1009)),
                new Bad("not-utf8", WsFrames.TEXT, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'}, Set.of(),
                        Set.of(1007, 1002)));
    }

    private static void badClient(FaultRun run, Random random, String name) {
        FaultRun.pause(Duration.ofMillis(random.nextInt(4000))); // spread over several replies of the chatters
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        try {
            WsSocket ws = WsSocket.connect(run.server().address(), WsSocket.Options.DEFAULT, new WsSocket.Listener() {
                @Override
                public void onText(String text) {
                    frames.add(text);
                }

                @Override
                public void onClosed(int code, String reason) {
                    closed.complete(code);
                }
            });
            double mode = random.nextDouble();
            if (mode < 0.15) {
                run.fault();
                ws.sendText("{\"type\":\"send\",\"id\":\"early\"}");
                expect(run, name, "first frame not hello", frames, closed, Set.of("handshake_required"), Set.of(4002));
                return;
            }
            ws.sendText("{\"type\":\"hello\",\"v\":1}");
            if (next(frames) == null) {
                run.anomaly(name + ": no welcome within 10 s");
                ws.abort();
                return;
            }
            if (mode < 0.25) {
                for (int i = 0; i < 25 && !closed.isDone(); i++) {
                    run.fault();
                    ws.sendText("not json " + i);
                }
                awaitClose(run, name, "25 invalid frames at once", closed, Set.of(4003));
                return;
            }
            List<Bad> catalog = catalog(random);
            int count = 3 + random.nextInt(8);
            for (int i = 0; i < count; i++) {
                Bad b = catalog.get(random.nextInt(catalog.size()));
                run.fault();
                ws.sendFrame(b.opcode(), b.payload());
                expect(run, name, b.kind(), frames, closed, b.errors(), b.closes());
            }
            if (random.nextDouble() < 0.3) {
                Bad b = closing().get(random.nextInt(2));
                run.fault();
                ws.sendFrame(b.opcode(), b.payload());
                awaitClose(run, name, b.kind(), closed, b.closes());
            } else {
                ws.close(1000);
            }
        } catch (IOException e) {
            run.anomaly(name + ": connecting or sending failed: " + e.getMessage());
        }
    }

    private static void expect(FaultRun run, String name, String kind, LinkedBlockingQueue<String> frames,
                               CompletableFuture<Integer> closed, Set<String> errors, Set<Integer> closes) {
        String answer = next(frames);
        while (answer != null && answer.contains("\"type\":\"ping\"")) {
            answer = next(frames);
        }
        String code = answer == null ? null : answer.replaceAll(".*\"code\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        if (answer == null || !answer.contains("\"type\":\"error\"") || !errors.contains(code)) {
            run.anomaly(name + ": sent " + kind + ", expected an error " + errors + " but got "
                    + (answer == null ? "nothing within 10 s" + (closed.isDone() ? " (closed " + closed.join() + ")" : "")
                    : answer));
        }
        if (!closes.isEmpty()) {
            awaitClose(run, name, kind, closed, closes);
        }
    }

    private static void awaitClose(FaultRun run, String name, String kind, CompletableFuture<Integer> closed,
                                   Set<Integer> closes) {
        try {
            int code = closed.get(10, TimeUnit.SECONDS);
            if (!closes.contains(code)) {
                run.anomaly(name + ": sent " + kind + ", expected close " + closes + " but the connection ended with "
                        + code);
            }
        } catch (Exception e) {
            run.anomaly(name + ": sent " + kind + ", expected close " + closes + " but it stayed open for 10 s");
        }
    }

    private static String next(LinkedBlockingQueue<String> frames) {
        try {
            return frames.poll(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
