package dev.tether.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.server.ServerTest;
import dev.tether.server.TestServer;
import dev.tether.store.TokenOwner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changes to a user's conversation list reach every connection the user has open that asked for list updates in
 * its hello, whether it follows the conversation or not, whichever API made them (REST, a WebSocket
 * {@code create}, {@code /v1}); nothing reaches another user's connections or one that did not ask, and nothing
 * comes before a connection's {@code welcome}. A connection that follows a deleted conversation is told either
 * way, once.
 */
class ConversationFeedTest extends ServerTest<TestServer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> USERS = Map.of("ada-token", "ada", "bob-token", "bob");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        h = new TestServer(dir, token -> token.filter(USERS::containsKey)
                .map(t -> new TokenOwner(USERS.get(t), t)));
    }

    private WsClient hello(String token) {
        return hello(token, true);
    }

    private WsClient hello(String token, boolean listUpdates) {
        WsClient c = WsClient.connect(h.port());
        c.send("{\"type\":\"hello\",\"v\":1,\"token\":\"" + token + "\",\"listUpdates\":" + listUpdates + "}");
        c.await("welcome");
        return c;
    }

    /** A request round trip: everything the server sent {@code c} before its answer has arrived by now. */
    private static void roundTrip(WsClient c) {
        String ping = c.nextId();
        c.send("{\"type\":\"unsubscribe\",\"id\":\"" + ping + "\",\"conversation\":\"x\"}");
        c.await(f -> ping.equals(f.path("id").asText()), Duration.ofSeconds(10));
    }

    private HttpResponse<String> http(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer ada-token").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode updated(WsClient c, String conversation, String title) {
        return c.await(f -> f.path("type").asText().equals("conversation_updated")
                && f.path("conversation").asText().equals(conversation) && f.path("title").asText().equals(title),
                Duration.ofSeconds(10));
    }

    @Test
    void everyConnectionOfTheOwnerHearsOfCreationsRenamesAndDeletionsAndNoOneElseDoes() throws Exception {
        try (WsClient laptop = hello("ada-token"); WsClient phone = hello("ada-token");
             WsClient bobs = hello("bob-token"); WsClient adasBot = hello("ada-token", false);
             WsClient adasFollower = hello("ada-token", false)) {
            // created over REST
            HttpResponse<String> created = http("POST", "/api/conversations", "{\"title\":\"Trip to Kyoto\"}");
            String id = JSON.readTree(created.body()).get("id").asText();
            for (WsClient c : List.of(laptop, phone)) {
                JsonNode f = updated(c, id, "Trip to Kyoto");
                assertThat(f.has("seq")).isFalse();
                assertThat(f.get("createdAt").asLong()).isEqualTo(JSON.readTree(created.body()).get("createdAt").asLong());
                assertThat(f.get("updatedAt").asLong()).isGreaterThanOrEqualTo(f.get("createdAt").asLong());
            }

            // created with a WebSocket create frame on the laptop: the phone hears of it too
            String request = laptop.nextId();
            laptop.send("{\"type\":\"create\",\"id\":\"" + request + "\",\"title\":\"Groceries\"}");
            String second = laptop.await("ack").get("conversation").asText();
            updated(phone, second, "Groceries");
            updated(laptop, second, "Groceries");

            // renamed over REST; neither connection follows the conversation
            assertThat(http("PATCH", "/api/conversations/" + id, "{\"title\":\"Kyoto in May\"}").statusCode())
                    .isEqualTo(200);
            updated(laptop, id, "Kyoto in May");
            updated(phone, id, "Kyoto in May");

            // deleted over REST: once per connection that asked for the list or follows it
            for (WsClient c : List.of(laptop, adasFollower)) {
                c.send("{\"type\":\"subscribe\",\"id\":\"" + c.nextId() + "\",\"conversation\":\"" + id + "\"}");
                c.await("snapshot");
            }
            assertThat(http("DELETE", "/api/conversations/" + id, null).statusCode()).isEqualTo(204);
            for (WsClient c : List.of(laptop, phone, adasFollower)) {
                assertThat(c.await("conversation_deleted").get("conversation").asText()).isEqualTo(id);
            }

            // a later connection of ada's starts with its welcome and hears the next change
            try (WsClient tablet = hello("ada-token")) {
                assertThat(tablet.frames.getFirst().get("type").asText()).isEqualTo("welcome");
                http("PATCH", "/api/conversations/" + second, "{\"title\":\"Groceries for Sunday\"}");
                updated(tablet, second, "Groceries for Sunday");
            }

            for (WsClient c : List.of(bobs, adasBot, adasFollower, laptop)) {
                roundTrip(c);
            }
            assertThat(bobs.frames).extracting(f -> f.path("type").asText())
                    .doesNotContain("conversation_updated", "conversation_deleted");
            assertThat(adasBot.frames).extracting(f -> f.path("type").asText())
                    .doesNotContain("conversation_updated", "conversation_deleted");
            assertThat(adasFollower.ofType("conversation_updated")).isEmpty();
            assertThat(adasFollower.ofType("conversation_deleted")).hasSize(1);
            assertThat(laptop.ofType("conversation_deleted")).hasSize(1);
        }
    }

    @Test
    void aConversationStartedThroughTheOpenAiApiAppearsOnTheOwnersConnections() throws Exception {
        h.model.enqueue(dev.tether.testkit.model.Script.text("Hello"));
        try (WsClient laptop = hello("ada-token")) {
            HttpResponse<String> r = http("POST", "/v1/chat/completions",
                    "{\"model\":\"tether\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            String id = r.headers().firstValue("X-Tether-Conversation").orElseThrow();

            JsonNode f = laptop.await(x -> x.path("type").asText().equals("conversation_updated"), Duration.ofSeconds(10));
            assertThat(f.get("conversation").asText()).isEqualTo(id);
            assertThat(h.store.conversation(id).map(c -> c.title())).isEqualTo(Optional.of(f.get("title").asText()));
        }
    }
}
