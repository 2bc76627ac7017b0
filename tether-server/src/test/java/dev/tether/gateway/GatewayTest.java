package dev.tether.gateway;

import dev.tether.server.ServerTest;
import dev.tether.server.TestServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.store.MessageStatus;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.testkit.model.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connection guarantees, each proved over a real WebSocket against the real server. */
class GatewayTest extends ServerTest<TestServer> {
    String conversation;

    @BeforeEach
    void start() {
        h = new TestServer(dir);
        conversation = h.conversation("local");
    }

    private static List<String> chunks(int n) {
        return IntStream.range(0, n).mapToObj(i -> "w" + i + " ").toList();
    }

    private void subscribe(WsClient c, Optional<String> epoch, long after) {
        String resume = epoch.map(e -> ",\"epoch\":\"" + e + "\",\"after\":" + after).orElse("");
        c.send("{\"type\":\"subscribe\",\"id\":\"" + c.nextId() + "\",\"conversation\":\"" + conversation + "\"" + resume + "}");
    }

    private void send(WsClient c, String clientId, String text) {
        c.send("{\"type\":\"send\",\"id\":\"" + c.nextId() + "\",\"conversation\":\"" + conversation
                + "\",\"clientMessageId\":\"" + clientId + "\",\"text\":\"" + text + "\"}");
    }

    private StoredMessage lastAssistant() {
        return h.store.history(conversation, Optional.empty(), 10).items().stream()
                .filter(m -> m.role() == Role.ASSISTANT).findFirst().orElseThrow();
    }

    /** Positions of positioned frames, and the text of deltas, as a client renders them. */
    private record Rendered(List<Long> positions, String text) { }

    private static Rendered render(List<JsonNode> frames) {
        List<Long> positions = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (JsonNode f : frames) {
            if (f.has("seq") && !f.path("type").asText().equals("snapshot")) {
                long first = f.has("firstSeq") ? f.get("firstSeq").asLong() : f.get("seq").asLong();
                for (long p = first; p <= f.get("seq").asLong(); p++) {
                    positions.add(p);
                }
                if (f.path("type").asText().equals("delta")) {
                    text.append(f.get("text").asText());
                }
            }
        }
        return new Rendered(positions, text.toString());
    }

    @Test
    void aReplyStreamsWithConsecutivePositionsAndRendersTheStoredText() {
        h.model.enqueue(Script.text("Hello", " there", ", Ada."));
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c, Optional.empty(), 0);
            JsonNode subscribed = c.await("subscribed");
            assertThat(subscribed.get("resumed").asBoolean()).isFalse();
            assertThat(subscribed.get("reason").asText()).isEqualTo("new");
            assertThat(c.await("snapshot").get("seq").asLong()).isZero();
            send(c, "u1", "Hi");

            JsonNode ack = c.await("ack");
            assertThat(ack.get("duplicate").asBoolean()).isFalse();
            c.await("turn_completed");
            Rendered r = render(c.frames);
            assertThat(r.positions()).isEqualTo(LongRange.of(1, r.positions().size()));
            assertThat(c.ofType("user_message").getFirst().get("text").asText()).isEqualTo("Hi");
            assertThat(r.text()).isEqualTo("Hello there, Ada.").isEqualTo(lastAssistant().content());
        }
    }

    @Test
    void closingEverySocketDoesNotStopTheReply() {
        h.model.enqueue(Script.text(chunks(15).toArray(String[]::new)).chunkDelay(Duration.ofMillis(60)));
        WsClient c = WsClient.hello(h.port());
        subscribe(c, Optional.empty(), 0);
        send(c, "u1", "count");
        c.await("delta");
        c.abort();

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> lastAssistant().status() == MessageStatus.COMPLETE);
        assertThat(lastAssistant().content()).isEqualTo(String.join("", chunks(15)));
        assertThat(h.model.clientAborts()).isZero();
    }

    @Test
    void aClientThatComesBackInsideTheWindowGetsEveryMissedEventOnceAndInOrder() {
        h.model.enqueue(Script.text(chunks(30).toArray(String[]::new)).chunkDelay(Duration.ofMillis(40)));
        WsClient first = WsClient.hello(h.port());
        subscribe(first, Optional.empty(), 0);
        String epoch = first.await("subscribed").get("epoch").asText();
        send(first, "u1", "count");
        first.await(f -> f.path("type").asText().equals("delta") && f.get("seq").asLong() >= 6, Duration.ofSeconds(10));
        first.abort();
        List<JsonNode> seenBefore = List.copyOf(first.frames);
        Rendered before = render(seenBefore);
        long last = before.positions().getLast();

        try (WsClient second = WsClient.hello(h.port())) {
            subscribe(second, Optional.of(epoch), last);
            JsonNode subscribed = second.await("subscribed");
            assertThat(subscribed.get("resumed").asBoolean()).as(subscribed.toString()).isTrue();
            assertThat(subscribed.get("from").asLong()).isEqualTo(last + 1);
            second.await("turn_completed");
            Rendered after = render(second.frames);

            List<Long> all = new ArrayList<>(before.positions());
            all.addAll(after.positions());
            assertThat(all).isEqualTo(LongRange.of(1, all.size()));
            assertThat(before.text() + after.text()).isEqualTo(lastAssistant().content());
            assertThat(second.ofType("snapshot")).isEmpty();
        }
    }

    @Test
    void aWrongEpochGetsAnExplicitCannotResumeAndASnapshotWithTheInflightText() {
        h.model.enqueue(Script.text(chunks(20).toArray(String[]::new)).chunkDelay(Duration.ofMillis(80)));
        try (WsClient first = WsClient.hello(h.port()); WsClient late = WsClient.hello(h.port())) {
            subscribe(first, Optional.empty(), 0);
            send(first, "u1", "count");
            first.await(f -> f.path("type").asText().equals("delta") && f.get("seq").asLong() >= 5, Duration.ofSeconds(10));

            subscribe(late, Optional.of("old-epoch"), 3);
            JsonNode subscribed = late.await("subscribed");
            assertThat(subscribed.get("resumed").asBoolean()).isFalse();
            assertThat(subscribed.get("reason").asText()).isEqualTo("epoch_changed");
            JsonNode snapshot = late.await("snapshot");
            assertThat(snapshot.get("messages")).extracting(m -> m.get("text").asText()).containsExactly("count");
            String inflight = snapshot.get("inflight").get("text").asText();
            late.await("turn_completed");
            // snapshot text + live deltas after the snapshot position = the stored reply, no hole, no overlap
            Rendered live = render(late.frames.stream().filter(f -> f.path("seq").asLong() > snapshot.get("seq").asLong()).toList());
            assertThat(live.positions().getFirst()).isEqualTo(snapshot.get("seq").asLong() + 1);
            assertThat(inflight + live.text()).isEqualTo(lastAssistant().content());
        }
    }

    @Test
    void eventsThatLeftTheWindowAreNeverReplayedPartially() {
        h.close();
        h = new TestServer(dir.resolve("small"), "replay-max-bytes=1024");
        conversation = h.conversation("local");
        // 60 deltas of 32 characters: about 2 KB of text, more than the 1 KiB the replay may keep
        h.model.enqueue(Script.text(chunks(60).stream().map(w -> (w + "x".repeat(32)).substring(0, 32))
                .toArray(String[]::new)));
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c, Optional.empty(), 0);
            String epoch = c.await("subscribed").get("epoch").asText();
            send(c, "u1", "count");
            c.await("turn_completed");

            try (WsClient back = WsClient.hello(h.port())) {
                subscribe(back, Optional.of(epoch), 2);
                JsonNode subscribed = back.await("subscribed");
                assertThat(subscribed.get("resumed").asBoolean()).isFalse();
                assertThat(subscribed.get("reason").asText()).isEqualTo("window_passed");
                assertThat(back.await("snapshot").get("messages")).hasSize(2);
                assertThat(back.ofType("delta")).isEmpty();
            }
        }
    }

    @Test
    void aRetriedSendIsStoredOnceAndAnsweredOnce() {
        h.model.enqueue(Script.text("only once"));
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c, Optional.empty(), 0);
            send(c, "same", "hello");
            c.await("turn_completed");
            send(c, "same", "hello");
            await().atMost(Duration.ofSeconds(5)).until(() -> c.ofType("ack").size() == 2);

            assertThat(c.ofType("ack").get(1).get("duplicate").asBoolean()).isTrue();
            assertThat(c.ofType("ack").get(1).get("messageId")).isEqualTo(c.ofType("ack").get(0).get("messageId"));
            assertThat(h.model.requests()).hasSize(1);
            assertThat(h.store.history(conversation, Optional.empty(), 10).items()).hasSize(2);
        }
    }

    @Test
    void stopAbortsTheModelRequestAndStoresWhatWasSaid() {
        h.model.enqueue(Script.text(chunks(50).toArray(String[]::new)).chunkDelay(Duration.ofMillis(50)));
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c, Optional.empty(), 0);
            send(c, "u1", "count");
            c.await("delta");
            c.send("{\"type\":\"stop\",\"id\":\"s1\",\"conversation\":\"" + conversation + "\"}");

            JsonNode done = c.await("turn_completed");
            assertThat(done.get("status").asText()).isEqualTo("stopped");
            h.model.awaitClientAborts(1, Duration.ofSeconds(5));
            assertThat(lastAssistant().status()).isEqualTo(MessageStatus.STOPPED);
            assertThat(render(c.frames).text()).isEqualTo(lastAssistant().content());
        }
    }

    @Test
    void aClientKilledMidReplyCanReconnectAndSendWithinASecondAndEveryTabGetsTheStream() {
        h.model.enqueue(Script.text(chunks(10).toArray(String[]::new)).chunkDelay(Duration.ofMillis(50)),
                Script.text("second answer"));
        WsClient killed = WsClient.hello(h.port());
        subscribe(killed, Optional.empty(), 0);
        send(killed, "u1", "first");
        killed.await("delta");
        killed.abort();

        long start = System.nanoTime();
        try (WsClient tab1 = WsClient.hello(h.port()); WsClient tab2 = WsClient.hello(h.port())) {
            subscribe(tab1, Optional.empty(), 0);
            subscribe(tab2, Optional.empty(), 0);
            tab1.await("snapshot");
            tab2.await("snapshot");
            send(tab1, "u2", "second");
            tab1.await("ack");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

            tab1.await(f -> f.path("type").asText().equals("turn_completed") && f.get("text").asText().equals("second answer"),
                    Duration.ofSeconds(10));
            tab2.await(f -> f.path("type").asText().equals("turn_completed") && f.get("text").asText().equals("second answer"),
                    Duration.ofSeconds(10));
            assertThat(tab2.ofType("user_message")).extracting(f -> f.get("text").asText()).contains("second");
        }
    }

    @Test
    void aMessageSentWhileAReplyRunsIsQueuedAndAnsweredAfterIt() {
        h.model.enqueue(Script.text("a", "b", "c").chunkDelay(Duration.ofMillis(100)), Script.text("next"));
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c, Optional.empty(), 0);
            send(c, "u1", "first");
            c.await("delta");
            send(c, "u2", "second");

            assertThat(c.await("turn_queued").get("position").asInt()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> c.ofType("turn_completed").size() == 2);
            assertThat(c.ofType("turn_completed")).extracting(f -> f.get("text").asText()).containsExactly("abc", "next");
        }
    }

    @Test
    void aSnapshotTakenWhileAReplyRunsKeepsTheUserMessagesQueuedBehindIt() {
        h.model.enqueue(Script.text(chunks(20).toArray(String[]::new)).chunkDelay(Duration.ofMillis(60)), Script.text("later"));
        try (WsClient c = WsClient.hello(h.port()); WsClient late = WsClient.hello(h.port())) {
            subscribe(c, Optional.empty(), 0);
            send(c, "u1", "first");
            c.await("delta");
            send(c, "u2", "queued one");
            c.await("turn_queued");

            subscribe(late, Optional.empty(), 0);
            JsonNode snapshot = late.await("snapshot");
            assertThat(snapshot.get("messages")).extracting(m -> m.get("text").asText()).containsExactly("first", "queued one");
            assertThat(snapshot.get("queued").asInt()).isEqualTo(1);
            assertThat(snapshot.get("inflight").get("userMessageId").asLong())
                    .isEqualTo(snapshot.get("messages").get(0).get("id").asLong());
        }
    }

    @Test
    void aSnapshotWhileAQueuedQuestionIsAnsweredKeepsTheEarlierReplyStoredAfterIt() {
        // u2 is stored while u1's reply streams, so u1's reply is stored after u2: it must stay in the snapshot
        h.model.enqueue(Script.text("one ", "two").chunkDelay(Duration.ofMillis(300)),
                Script.text(chunks(20).toArray(String[]::new)).chunkDelay(Duration.ofMillis(60)));
        try (WsClient c = WsClient.hello(h.port()); WsClient late = WsClient.hello(h.port())) {
            subscribe(c, Optional.empty(), 0);
            send(c, "u1", "first");
            c.await("delta");
            send(c, "u2", "queued one");
            c.await("turn_queued");
            await().atMost(Duration.ofSeconds(10)).until(() -> c.ofType("turn_completed").size() == 1);
            c.await(f -> f.path("type").asText().equals("delta") && c.ofType("turn_started").size() == 2,
                    Duration.ofSeconds(10));

            subscribe(late, Optional.empty(), 0);
            JsonNode snapshot = late.await("snapshot");
            assertThat(snapshot.get("messages")).extracting(m -> m.get("text").asText())
                    .containsExactly("first", "queued one", "one two");
            JsonNode reply = snapshot.get("messages").get(2);
            assertThat(reply.get("replyTo").asLong()).isEqualTo(snapshot.get("messages").get(0).get("id").asLong());
            assertThat(snapshot.get("inflight").get("userMessageId").asLong())
                    .isEqualTo(snapshot.get("messages").get(1).get("id").asLong());
        }
    }

    @Test
    void aSnapshotPlacesInflightToolStepsWithinTheTextAndCarriesTheirResult() {
        h.model.enqueue(Script.text("Looking.").toolCall("call_1", "list_dir", "{}"),
                Script.text(chunks(20).toArray(String[]::new)).chunkDelay(Duration.ofMillis(60)));
        try (WsClient c = WsClient.hello(h.port()); WsClient late = WsClient.hello(h.port())) {
            subscribe(c, Optional.empty(), 0);
            send(c, "u1", "what is here?");
            c.await("tool_result");
            c.await("delta");

            subscribe(late, Optional.empty(), 0);
            JsonNode inflight = late.await("snapshot").get("inflight");

            assertThat(inflight.get("text").asText()).startsWith("Looking.").hasSizeGreaterThan(8);
            JsonNode tool = inflight.get("tools").get(0);
            assertThat(tool.get("at").asInt()).isEqualTo(8);
            assertThat(tool.get("done").asBoolean()).isTrue();
            assertThat(tool.has("content")).isTrue();
        }
    }

    @Test
    void aBlockedTurnDelaysNeitherHeartbeatsNorOtherConversations() {
        h.close();
        h = new TestServer(dir.resolve("beats"), "heartbeat=1s", "dead-after=3s");
        conversation = h.conversation("local");
        String other = h.conversation("local");
        h.model.enqueue(Script.hang(), Script.text("fast answer"));
        try (WsClient blocked = WsClient.hello(h.port()); WsClient c = WsClient.hello(h.port())) {
            subscribe(blocked, Optional.empty(), 0);
            send(blocked, "u1", "this one hangs");
            blocked.await("turn_started");
            await().atMost(Duration.ofSeconds(5)).until(() -> h.model.requests().size() == 1); // the hang is taken

            c.send("{\"type\":\"subscribe\",\"id\":\"s\",\"conversation\":\"" + other + "\"}");
            c.send("{\"type\":\"send\",\"id\":\"m\",\"conversation\":\"" + other
                    + "\",\"clientMessageId\":\"u2\",\"text\":\"quick\"}");
            assertThat(c.await(f -> f.path("type").asText().equals("turn_completed"), Duration.ofSeconds(5))
                    .get("text").asText()).isEqualTo("fast answer");
            await().atMost(Duration.ofSeconds(10)).until(() -> blocked.ofType("ping").size() >= 3);
            assertThat(blocked.closeCode).isNotDone();
            assertThat(blocked.ofType("turn_completed")).isEmpty();
        }
    }

    /** Inclusive ranges of positions. */
    static final class LongRange {
        static List<Long> of(long from, long to) {
            List<Long> out = new ArrayList<>();
            for (long i = from; i <= to; i++) {
                out.add(i);
            }
            return out;
        }
    }
}
