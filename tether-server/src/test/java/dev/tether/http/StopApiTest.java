package dev.tether.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.server.ServerTest;
import dev.tether.store.MessageStatus;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.testkit.model.Script;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/conversations/{id}/stop}: what the WebSocket's {@code stop} does, for REST clients. */
class StopApiTest extends ServerTest<HttpHarness> {
    String id;

    @BeforeEach
    void start() {
        h = new HttpHarness(dir, HttpHarness.ADA_ONLY);
        id = h.store.createConversation("ada", "Counting").id();
    }

    private List<StoredMessage> replies() {
        return h.store.messagesAfter(id, 0, 100).stream().filter(m -> m.role() == Role.ASSISTANT).toList();
    }

    @Test
    void stopAbortsTheRunningReplyStoresItsTextAndTheNextQuestionStillRuns() {
        h.model.enqueue(Script.text(IntStream.range(0, 100).mapToObj(i -> i + " ").toArray(String[]::new))
                .chunkDelay(Duration.ofMillis(50)), Script.text("the next answer"));
        assertThat(h.post("/api/conversations/" + id + "/messages", "{\"clientMessageId\":\"c1\",\"text\":\"count\"}")
                .statusCode()).isEqualTo(202);
        h.post("/api/conversations/" + id + "/messages", "{\"clientMessageId\":\"c2\",\"text\":\"and then?\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> replies().stream().anyMatch(m -> !m.content().isEmpty()));

        HttpResponse<String> stop = h.post("/api/conversations/" + id + "/stop", "");

        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(HttpHarness.json(stop).get("stopped").asBoolean()).isTrue();
        h.model.awaitClientAborts(1, Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> replies().size() == 2
                && replies().getLast().status() == MessageStatus.COMPLETE);
        StoredMessage stopped = replies().getFirst();
        assertThat(stopped.status()).isEqualTo(MessageStatus.STOPPED);
        assertThat(stopped.content()).startsWith("0 1 ").doesNotContain("99");
        assertThat(replies().getLast().content()).isEqualTo("the next answer");
    }

    @Test
    void nothingRunningIsStoppedFalseAndAnotherUsersConversationIs404() {
        HttpResponse<String> idle = h.post("/api/conversations/" + id + "/stop", "");
        String bobs = h.store.createConversation("bob", "Bob's").id();
        HttpResponse<String> others = h.post("/api/conversations/" + bobs + "/stop", "");

        assertThat(idle.statusCode()).isEqualTo(200);
        assertThat(HttpHarness.json(idle).get("stopped").asBoolean()).isFalse();
        assertThat(others.statusCode()).isEqualTo(404);
        JsonNode error = HttpHarness.json(others).get("error");
        assertThat(error.get("code").asText()).isEqualTo("not_found");
    }
}
