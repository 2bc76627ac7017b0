package dev.tether.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.api.model.ChatMessage;
import dev.tether.server.ServerTest;
import dev.tether.testkit.model.Script;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/conversations/{id}/messages} with {@code replaces}: editing the last question over REST. */
class EditMessageApiTest extends ServerTest<HttpHarness> {
    private String conversation;

    @BeforeEach
    void start() {
        h = new HttpHarness(dir, HttpHarness.ADA_ONLY);
        conversation = h.conversation("ada");
    }

    private HttpResponse<String> send(String clientId, String text, String replaces) {
        return h.post("/api/conversations/" + conversation + "/messages", "{\"clientMessageId\":\"" + clientId
                + "\",\"text\":\"" + text + "\"" + (replaces == null ? "" : ",\"replaces\":" + replaces) + "}");
    }

    private void awaitIdle() {
        await().atMost(Duration.ofSeconds(20)).until(() -> h.server.turns().stats().open() == 0);
    }

    private JsonNode messages() {
        return HttpHarness.json(h.get("/api/conversations/" + conversation + "/messages")).get("items");
    }

    @Test
    void anEditIsAcceptedAnsweredAndListedWithTheQuestionItReplaces() {
        h.model.enqueue(Script.text("Did you mean 2+2?"), Script.text("Four."));
        long typo = HttpHarness.json(send("u1", "Wht is 2+2", null)).get("messageId").asLong();
        awaitIdle();

        HttpResponse<String> edited = send("u2", "What is 2+2?", String.valueOf(typo));
        awaitIdle();

        assertThat(edited.statusCode()).isEqualTo(202);
        assertThat(HttpHarness.json(edited).get("replaces").asLong()).isEqualTo(typo);
        assertThat(messages().get(2).get("replaces").asLong()).isEqualTo(typo);
        assertThat(messages().get(0).has("replaces")).isFalse();
        List<ChatMessage> asked = h.model.requests().getLast().requireChat().messages();
        assertThat(asked.subList(1, asked.size())).containsExactly(new ChatMessage.User("What is 2+2?"));
        HttpResponse<String> again = send("u2", "What is 2+2?", String.valueOf(typo));
        assertThat(HttpHarness.json(again).get("duplicate").asBoolean()).isTrue();
    }

    @Test
    void refusedEditsAre409WithTheirCodeOr404AndStoreNothing() {
        h.model.enqueue(Script.text("One."), Script.text("Two."));
        long first = HttpHarness.json(send("u1", "First?", null)).get("messageId").asLong();
        awaitIdle();
        send("u2", "Second?", null);
        awaitIdle();
        long answer = messages().get(3).get("id").asLong();

        assertError(send("e1", "Fixed", String.valueOf(first)), 409, "not_last_question");
        assertError(send("e2", "Fixed", String.valueOf(answer)), 409, "not_a_question");
        assertError(send("e3", "Fixed", "999999"), 404, "not_found");
        assertError(send("e4", "Fixed", "-3"), 400, "invalid_request");
        assertThat(messages()).hasSize(4);
    }

    @Test
    void anEditWhileItsReplyRunsIs409ReplyInProgress() {
        h.model.enqueue(Script.text("slow ", "reply").chunkDelay(Duration.ofMillis(500)));
        long running = HttpHarness.json(send("u1", "Tell me a story", null)).get("messageId").asLong();

        assertError(send("u2", "Tell me a poem", String.valueOf(running)), 409, "reply_in_progress");
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(HttpHarness.json(response).get("error").get("code").asText()).isEqualTo(code);
    }
}
