package dev.tether.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.api.model.ChatMessage;
import dev.tether.server.ServerTest;
import dev.tether.server.TestServer;
import dev.tether.store.StoredMessage;
import dev.tether.testkit.model.Script;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Editing the last question and asking again over a real WebSocket, against the real server and a fake model. */
class EditGatewayTest extends ServerTest<TestServer> {
    private String conversation;

    private void start(String... overrides) {
        h = new TestServer(dir, Authenticator.none(), Duration.ofMillis(100), overrides);
        conversation = h.conversation("local");
    }

    private void subscribe(WsClient c, String to) {
        c.send("{\"type\":\"subscribe\",\"id\":\"" + c.nextId() + "\",\"conversation\":\"" + to + "\"}");
        c.await(f -> f.path("type").asText().equals("snapshot") && f.path("conversation").asText().equals(to),
                Duration.ofSeconds(10));
    }

    private JsonNode send(WsClient c, String to, String clientId, String text, String replaces) {
        String id = c.nextId();
        c.send("{\"type\":\"send\",\"id\":\"" + id + "\",\"conversation\":\"" + to + "\",\"clientMessageId\":\""
                + clientId + "\",\"text\":\"" + text + "\"" + (replaces == null ? "" : ",\"replaces\":" + replaces)
                + "}");
        return c.await(f -> id.equals(f.path("id").asText()), Duration.ofSeconds(10));
    }

    /** Sends a question and waits for its reply to complete; returns the question's id. */
    private long asked(WsClient c, String clientId, String text) {
        int before = c.ofType("turn_completed").size();
        long id = send(c, conversation, clientId, text, null).get("messageId").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> c.ofType("turn_completed").size() > before);
        return id;
    }

    private List<StoredMessage> stored() {
        return h.store.history(conversation, Optional.empty(), 50).items().reversed();
    }

    @Test
    void anEditIsAcknowledgedAnnouncedAndAnsweredWithoutTheQuestionItReplaces() {
        start();
        h.model.enqueue(Script.text("Paris."), Script.text("Did you mean 2+2?"), Script.text("Four."));
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c, conversation);
            asked(c, "u1", "Capital of France?");
            long typo = asked(c, "u2", "Wht is 2+2");

            JsonNode ack = send(c, conversation, "u3", "What is 2+2?", String.valueOf(typo)); // on turn_completed
            await().atMost(Duration.ofSeconds(10)).until(() -> c.ofType("turn_completed").size() == 3);

            assertThat(ack.get("type").asText()).isEqualTo("ack");
            assertThat(ack.get("duplicate").asBoolean()).isFalse();
            JsonNode announced = c.ofType("user_message").getLast();
            assertThat(announced.get("messageId").asLong()).isEqualTo(ack.get("messageId").asLong());
            assertThat(announced.get("replaces").asLong()).isEqualTo(typo);
            assertThat(c.ofType("user_message").getFirst().has("replaces")).isFalse();
            List<ChatMessage> asked = h.model.requests().getLast().requireChat().messages();
            assertThat(asked.subList(1, asked.size())).containsExactly(new ChatMessage.User("Capital of France?"),
                    new ChatMessage.Assistant("Paris.", List.of()), new ChatMessage.User("What is 2+2?"));
            assertThat(stored()).filteredOn(m -> m.id() == ack.get("messageId").asLong()).singleElement()
                    .satisfies(m -> assertThat(m.replaces()).contains(typo));
        }
        try (WsClient other = WsClient.hello(h.port())) { // another tab: the snapshot says what was edited
            subscribe(other, conversation);
            JsonNode edited = other.ofType("snapshot").getFirst().get("messages").get(4);
            assertThat(edited.get("text").asText()).isEqualTo("What is 2+2?");
            assertThat(edited.get("replaces").asLong()).isEqualTo(stored().get(2).id());
        }
    }

    @Test
    void aResentEditIsStoredOnceAndAnsweredOnce() {
        start();
        h.model.enqueue(Script.text("Did you mean 2+2?"), Script.text("Four."));
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c, conversation);
            long typo = asked(c, "u1", "Wht is 2+2");
            JsonNode first = send(c, conversation, "u2", "What is 2+2?", String.valueOf(typo));
            await().atMost(Duration.ofSeconds(10)).until(() -> c.ofType("turn_completed").size() == 2);

            JsonNode again = send(c, conversation, "u2", "What is 2+2?", String.valueOf(typo));

            assertThat(again.get("type").asText()).isEqualTo("ack");
            assertThat(again.get("duplicate").asBoolean()).isTrue();
            assertThat(again.get("messageId").asLong()).isEqualTo(first.get("messageId").asLong());
            assertThat(stored()).hasSize(4);
            assertThat(h.model.requests()).hasSize(2);
        }
    }

    @Test
    void anEditWhileItsQuestionsReplyRunsIsRefusedWithReplyInProgressAndStoresNothing() {
        start();
        h.model.enqueue(Script.text("slow ", "reply").chunkDelay(Duration.ofMillis(500)));
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c, conversation);
            long running = send(c, conversation, "u1", "Tell me a story", null).get("messageId").asLong();
            c.await("turn_started");

            JsonNode refused = send(c, conversation, "u2", "Tell me a poem", String.valueOf(running));

            assertThat(refused.get("type").asText()).isEqualTo("error");
            assertThat(refused.get("code").asText()).isEqualTo("reply_in_progress");
            assertThat(refused.get("retryable").asBoolean()).isFalse();
            assertThat(refused.get("message").asText()).contains(String.valueOf(running), "Stop it or wait");
            assertThat(stored()).extracting(StoredMessage::content).doesNotContain("Tell me a poem");
        }
    }

    @Test
    void anEarlierQuestionAnAnswerAnUnknownMessageOrAnotherUsersConversationCannotBeEdited() {
        start();
        h.model.enqueue(Script.text("One."), Script.text("Two."));
        String bobs = h.conversation("bob");
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c, conversation);
            long first = asked(c, "u1", "First?");
            long second = asked(c, "u2", "Second?");
            long answer = stored().getLast().id();

            assertThat(send(c, conversation, "e1", "Fixed", String.valueOf(first)).get("code").asText())
                    .isEqualTo("not_last_question");
            assertThat(send(c, conversation, "e2", "Fixed", String.valueOf(answer)).get("code").asText())
                    .isEqualTo("not_a_question");
            assertThat(send(c, conversation, "e3", "Fixed", "999999").get("code").asText()).isEqualTo("not_found");
            assertThat(send(c, bobs, "e4", "Fixed", String.valueOf(second)).get("code").asText())
                    .isEqualTo("not_found");
            assertThat(send(c, conversation, "e5", "Fixed", "\"x\"").get("code").asText())
                    .isEqualTo("invalid_frame");
            assertThat(stored()).hasSize(4);
            assertThat(h.model.requests()).hasSize(2);
        }
    }

    @Test
    void anEditIsRefusedWithBusyWhenTheQueueIsFullAndStoresNothing() {
        start("queue.max-queued=1");
        h.model.enqueue(Script.text("Did you mean 2+2?"), Script.text("slow ", "reply").chunkDelay(Duration.ofMillis(500)));
        String elsewhere = h.conversation("local");
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c, conversation);
            long typo = asked(c, "u1", "Wht is 2+2");
            subscribe(c, elsewhere);
            send(c, elsewhere, "x1", "Keep the queue busy", null);

            JsonNode refused = send(c, conversation, "u2", "What is 2+2?", String.valueOf(typo));

            assertThat(refused.get("code").asText()).isEqualTo("busy");
            assertThat(refused.get("retryable").asBoolean()).isTrue();
            assertThat(stored()).hasSize(2);
        }
    }
}
