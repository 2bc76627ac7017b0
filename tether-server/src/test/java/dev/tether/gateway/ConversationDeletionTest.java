package dev.tether.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.server.ServerTest;
import dev.tether.server.TestServer;
import dev.tether.testkit.model.Script;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deleting a conversation (REST {@code DELETE /api/conversations/{id}}) while it is busy: its running reply is
 * stopped with the model request aborted, its queued replies never run, every tab is told, and the id is unknown
 * from then on, over WebSocket and REST. Other conversations carry on.
 */
class ConversationDeletionTest extends ServerTest<TestServer> {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String conversation;

    @BeforeEach
    void start() {
        h = new TestServer(dir);
        conversation = h.conversation("local");
    }

    private static String[] chunks(int n) {
        return IntStream.range(0, n).mapToObj(i -> "w" + i + " ").toArray(String[]::new);
    }

    private static void subscribe(WsClient c, String conversation) {
        c.send("{\"type\":\"subscribe\",\"id\":\"" + c.nextId() + "\",\"conversation\":\"" + conversation + "\"}");
    }

    private static String send(WsClient c, String conversation, String clientId, String text) {
        String id = c.nextId();
        c.send("{\"type\":\"send\",\"id\":\"" + id + "\",\"conversation\":\"" + conversation
                + "\",\"clientMessageId\":\"" + clientId + "\",\"text\":\"" + text + "\"}");
        return id;
    }

    private HttpResponse<String> http(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode answerTo(WsClient c, String requestId) {
        return c.await(f -> requestId.equals(f.path("id").asText()) && !f.path("type").asText().equals("subscribed"),
                Duration.ofSeconds(10));
    }

    @Test
    void deletingABusyConversationStopsItsReplyDropsItsQueueAndTellsEveryTab() throws Exception {
        h.model.enqueue(Script.text(chunks(200)).chunkDelay(Duration.ofMillis(50)), Script.text("never asked"));
        try (WsClient tab1 = WsClient.hello(h.port()); WsClient tab2 = WsClient.hello(h.port())) {
            subscribe(tab1, conversation);
            subscribe(tab2, conversation);
            tab2.await("snapshot");
            send(tab1, conversation, "u1", "count");
            tab1.await("delta");
            send(tab1, conversation, "u2", "and then?");
            tab1.await("turn_queued");

            HttpResponse<String> deleted = http("DELETE", "/api/conversations/" + conversation);

            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
            assertThat(deleted.body()).isEmpty();
            // when DELETE answers, the reply has been stopped and the model request aborted (the fake model server
            // notices the closed stream on its own time)
            h.model.awaitClientAborts(1, Duration.ofSeconds(5));
            assertThat(h.model.clientAborts()).isEqualTo(1);
            assertThat(h.model.requests()).as("the queued reply never ran").hasSize(1);
            assertThat(h.store.conversation(conversation)).isEmpty();
            assertThat(h.server.turns().running()).isZero();
            assertThat(h.server.turns().stats().open()).isZero();
            for (WsClient tab : List.of(tab1, tab2)) {
                JsonNode gone = tab.await("conversation_deleted");
                assertThat(gone.get("conversation").asText()).isEqualTo(conversation);
                assertThat(gone.has("seq")).as("a control frame, not a positioned event").isFalse();
                List<String> types = tab.frames.stream().map(f -> f.path("type").asText()).toList();
                assertThat(types.subList(types.lastIndexOf("turn_completed"), types.size()))
                        .as("the stopped reply ends before the deletion, and nothing follows it")
                        .containsExactly("turn_completed", "conversation_deleted");
                assertThat(tab.ofType("turn_completed").getLast().get("status").asText()).isEqualTo("stopped");
            }

            // the id is unknown from now on, to the tab that followed it and to a new one
            JsonNode refusedSend = answerTo(tab1, send(tab1, conversation, "u3", "hello?"));
            assertThat(refusedSend.get("type").asText()).isEqualTo("error");
            assertThat(refusedSend.get("code").asText()).isEqualTo("not_found");
            assertThat(refusedSend.get("message").asText()).contains(conversation);
            try (WsClient tab3 = WsClient.hello(h.port())) {
                String request = tab3.nextId();
                tab3.send("{\"type\":\"subscribe\",\"id\":\"" + request + "\",\"conversation\":\"" + conversation + "\"}");
                assertThat(answerTo(tab3, request).get("code").asText()).isEqualTo("not_found");
            }
            assertThat(http("GET", "/api/conversations/" + conversation).statusCode()).isEqualTo(404);
            assertThat(http("GET", "/api/conversations/" + conversation + "/messages").statusCode()).isEqualTo(404);
            assertThat(http("DELETE", "/api/conversations/" + conversation).statusCode()).isEqualTo(404);
            assertThat(h.model.requests()).hasSize(1);
        }
    }

    @Test
    void otherConversationsKeepStreamingThroughADeletion() throws Exception {
        String other = h.conversation("local");
        h.model.enqueue(Script.text(chunks(40)).chunkDelay(Duration.ofMillis(25)));
        try (WsClient tab = WsClient.hello(h.port())) {
            subscribe(tab, other);
            subscribe(tab, conversation);
            tab.await(f -> f.path("type").asText().equals("snapshot")
                    && f.get("conversation").asText().equals(conversation), Duration.ofSeconds(10));
            send(tab, other, "o1", "count");
            tab.await("delta");

            assertThat(http("DELETE", "/api/conversations/" + conversation).statusCode()).isEqualTo(204);

            JsonNode done = tab.await(f -> f.path("type").asText().equals("turn_completed"), Duration.ofSeconds(20));
            assertThat(done.get("conversation").asText()).isEqualTo(other);
            assertThat(done.get("status").asText()).isEqualTo("complete");
            assertThat(done.get("text").asText()).isEqualTo(String.join("", chunks(40)));
            assertThat(h.model.clientAborts()).isZero();
            assertThat(tab.ofType("conversation_deleted")).extracting(f -> f.get("conversation").asText())
                    .containsExactly(conversation);
        }
    }

    @Test
    void aReplyWhoseConversationVanishesUnderItEndsQuietlyAndFreesItsPlace() {
        // the store deletes the conversation behind the server's back (what a deletion that outlives its wait for
        // the stopped reply comes to): the reply's next write finds it gone
        h.model.enqueue(Script.text(chunks(20)).chunkDelay(Duration.ofMillis(50)), Script.text("still here"));
        String other = h.conversation("local");
        try (WsClient tab = WsClient.hello(h.port())) {
            subscribe(tab, conversation);
            tab.await("snapshot");
            send(tab, conversation, "u1", "count");
            tab.await("delta");

            assertThat(h.store.deleteConversation(conversation)).isTrue();

            tab.await("conversation_deleted");
            await().atMost(Duration.ofSeconds(10)).until(() -> h.server.turns().running() == 0
                    && h.server.turns().stats().open() == 0);
            subscribe(tab, other);
            send(tab, other, "o1", "hi");
            JsonNode done = tab.await(f -> f.path("type").asText().equals("turn_completed")
                    && f.get("conversation").asText().equals(other), Duration.ofSeconds(10));
            assertThat(done.get("text").asText()).isEqualTo("still here");
            assertThat(h.store.history(other, Optional.empty(), 10).items()).hasSize(2);
        }
    }
}
