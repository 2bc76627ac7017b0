package dev.tether.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.server.ServerTest;
import dev.tether.server.TestServer;
import dev.tether.store.MessageStatus;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.testkit.model.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A reasoning model's thinking over a real WebSocket: {@code thinking} frames positioned like deltas, in snapshots
 * with where they sit, replayed on resume, and stored with their message.
 */
class ThinkingGatewayTest extends ServerTest<TestServer> {
    private String conversation;

    private void start() {
        h = new TestServer(dir, Authenticator.none(), Duration.ofMillis(100));
        conversation = h.conversation("local");
    }

    private void subscribe(WsClient c, Optional<String> epoch, long after) {
        String resume = epoch.map(e -> ",\"epoch\":\"" + e + "\",\"after\":" + after).orElse("");
        c.send("{\"type\":\"subscribe\",\"id\":\"" + c.nextId() + "\",\"conversation\":\"" + conversation + "\""
                + resume + "}");
    }

    private void send(WsClient c, String clientId, String text) {
        c.send("{\"type\":\"send\",\"id\":\"" + c.nextId() + "\",\"conversation\":\"" + conversation
                + "\",\"clientMessageId\":\"" + clientId + "\",\"text\":\"" + text + "\"}");
    }

    private List<StoredMessage> stored() {
        return h.store.history(conversation, Optional.empty(), 50).items().reversed();
    }

    /** The positions the frames cover, and the text of their frames of {@code type}, in order. */
    private record Seen(List<Long> positions, String thinking, String text) { }

    private static Seen seen(List<JsonNode> frames) {
        List<Long> positions = new ArrayList<>();
        StringBuilder thinking = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (JsonNode f : frames) {
            if (!f.has("seq") || f.path("type").asText().equals("snapshot")) {
                continue;
            }
            long first = f.has("firstSeq") ? f.get("firstSeq").asLong() : f.get("seq").asLong();
            LongStream.rangeClosed(first, f.get("seq").asLong()).forEach(positions::add);
            switch (f.path("type").asText()) {
                case "thinking" -> thinking.append(f.get("text").asText());
                case "delta" -> text.append(f.get("text").asText());
                default -> { }
            }
        }
        return new Seen(positions, thinking.toString(), text.toString());
    }

    @Test
    void thinkingStreamsInItsOwnPositionedFramesBeforeTheTextAndIsStored() {
        start();
        h.model.enqueue(Script.text("4", "2.").thinking("Six ", "times seven."));
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c, Optional.empty(), 0);
            c.await("snapshot");
            send(c, "u1", "What is 6*7?");
            c.await("turn_completed");

            assertThat(c.ofType("thinking")).extracting(f -> f.get("text").asText())
                    .containsExactly("Six ", "times seven.");
            List<String> order = c.frames.stream().map(f -> f.path("type").asText())
                    .filter(t -> t.equals("thinking") || t.equals("delta")).toList();
            assertThat(order).containsExactly("thinking", "thinking", "delta", "delta");
            Seen seen = seen(c.frames);
            assertThat(seen.positions()).isEqualTo(LongStream.rangeClosed(1, seen.positions().size()).boxed().toList());
            assertThat(seen.text()).isEqualTo("42.");
            assertThat(stored().get(1)).satisfies(m -> {
                assertThat(m.content()).isEqualTo("42.");
                assertThat(m.thinking()).isEqualTo("Six times seven.");
            });
        }
        try (WsClient later = WsClient.hello(h.port())) {
            subscribe(later, Optional.empty(), 0);
            JsonNode reply = later.await("snapshot").get("messages").get(1);
            assertThat(reply.get("thinking").asText()).isEqualTo("Six times seven.");
            assertThat(reply.get("text").asText()).isEqualTo("42.");
            assertThat(later.await("snapshot").get("messages").get(0).has("thinking")).isFalse();
        }
    }

    @Test
    void aSnapshotTakenWhileTheModelThinksHasTheThinkingSoFarAndWhereItSitsAmongTheToolSteps() {
        start();
        h.model.enqueue(Script.toolCall("call_1", "list_dir", "{\"path\":\".\"}").thinking("Look first."),
                Script.text("Done.").thinking("It is ", "nearly ", "empty.").chunkDelay(Duration.ofMillis(700)));
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c, Optional.empty(), 0);
            c.await("snapshot");
            send(c, "u1", "What is in my workspace?");
            c.await(f -> f.path("type").asText().equals("thinking") && f.path("text").asText().equals("It is "),
                    Duration.ofSeconds(10));

            try (WsClient tab = WsClient.hello(h.port())) {
                subscribe(tab, Optional.empty(), 0);
                JsonNode inflight = tab.await("snapshot").get("inflight");
                assertThat(inflight.get("text").asText()).isEmpty();
                assertThat(inflight.get("tools")).hasSize(1);
                JsonNode thinking = inflight.get("thinking");
                assertThat(thinking).hasSize(2);
                assertThat(thinking.get(0).get("text").asText()).isEqualTo("Look first.");
                assertThat(thinking.get(0).get("at").asInt()).isZero();
                assertThat(thinking.get(0).get("toolsBefore").asInt()).isZero();
                assertThat(thinking.get(1).get("text").asText()).startsWith("It is ");
                assertThat(thinking.get(1).get("toolsBefore").asInt()).isEqualTo(1);

                tab.await("turn_completed");
                String rest = seen(tab.frames).thinking();
                assertThat(thinking.get(1).get("text").asText() + rest).isEqualTo("It is nearly empty.");
            }
        }
        assertThat(stored()).filteredOn(m -> m.role() == Role.ASSISTANT).extracting(StoredMessage::thinking)
                .containsExactly("Look first.", "It is nearly empty.");
    }

    @Test
    void aClientThatComesBackMidThinkingGetsTheMissedThinkingReplayedOnce() {
        start();
        h.model.enqueue(Script.text("Yes.").thinking("a ", "b ", "c ", "d ", "e ", "f ")
                .chunkDelay(Duration.ofMillis(150)));
        WsClient first = WsClient.hello(h.port());
        subscribe(first, Optional.empty(), 0);
        String epoch = first.await("subscribed").get("epoch").asText();
        send(first, "u1", "Think");
        first.await(f -> f.path("type").asText().equals("thinking") && f.path("text").asText().equals("b "),
                Duration.ofSeconds(10));
        first.abort();
        Seen before = seen(List.copyOf(first.frames));

        try (WsClient second = WsClient.hello(h.port())) {
            subscribe(second, Optional.of(epoch), before.positions().getLast());
            assertThat(second.await("subscribed").get("resumed").asBoolean()).isTrue();
            second.await("turn_completed");
            Seen after = seen(second.frames);

            List<Long> all = new ArrayList<>(before.positions());
            all.addAll(after.positions());
            assertThat(all).isEqualTo(LongStream.rangeClosed(1, all.size()).boxed().toList());
            assertThat(before.thinking() + after.thinking()).isEqualTo("a b c d e f ");
            assertThat(after.text()).isEqualTo("Yes.");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> stored().getLast().status() == MessageStatus.COMPLETE);
    }
}
