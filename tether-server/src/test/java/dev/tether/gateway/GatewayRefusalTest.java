package dev.tether.gateway;

import dev.tether.server.ServerTest;
import dev.tether.server.TestServer;
import dev.tether.store.TokenOwner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.testkit.model.Script;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Bad input is refused for that one connection, with a documented code; everyone else carries on. */
class GatewayRefusalTest extends ServerTest<TestServer> {
    private TestServer server(String... overrides) {
        h = new TestServer(dir, token -> token.filter("secret"::equals).map(t -> new TokenOwner("ada", "t1")), overrides);
        return h;
    }

    private static WsClient hello(int port) {
        WsClient c = WsClient.connect(port);
        c.send("{\"type\":\"hello\",\"v\":1,\"token\":\"secret\"}");
        c.await("welcome");
        return c;
    }

    @Test
    void aFirstFrameThatIsNotHelloClosesWith4002() throws Exception {
        server();
        try (WsClient c = WsClient.connect(h.port())) {
            c.send("{\"type\":\"send\",\"id\":\"1\",\"conversation\":\"x\",\"clientMessageId\":\"a\",\"text\":\"hi\"}");
            assertThat(c.await("error").get("code").asText()).isEqualTo("handshake_required");
            assertThat(c.await("error").get("message").asText()).contains("Expected a 'hello' frame first but got 'send'");
            assertThat(c.awaitClose(Duration.ofSeconds(5))).isEqualTo(4002);
        }
    }

    @Test
    void aWrongTokenClosesWith4001() throws Exception {
        server();
        try (WsClient c = WsClient.connect(h.port())) {
            c.send("{\"type\":\"hello\",\"v\":1,\"token\":\"guess\"}");
            assertThat(c.await("error").get("code").asText()).isEqualTo("unauthorized");
            assertThat(c.awaitClose(Duration.ofSeconds(5))).isEqualTo(4001);
        }
    }

    @Test
    void invalidJsonAndUnknownTypesAreAnsweredWithErrorsAndTheConnectionStaysUsable() {
        server();
        try (WsClient c = hello(h.port())) {
            c.send("{not json");
            c.send("{\"type\":\"teleport\",\"id\":\"t1\"}");
            c.send("{\"type\":\"send\",\"id\":\"s1\",\"conversation\":\"x\"}");
            c.send("{\"type\":\"create\",\"id\":\"c1\",\"title\":\"still works\"}");

            JsonNode created = c.await(f -> f.path("type").asText().equals("ack"), Duration.ofSeconds(5));
            assertThat(created.get("conversation").asText()).isNotBlank();
            assertThat(c.ofType("error")).extracting(e -> e.get("code").asText())
                    .containsExactly("invalid_json", "unknown_type", "invalid_frame");
            assertThat(c.ofType("error").get(1).get("id").asText()).isEqualTo("t1");
            assertThat(c.ofType("error").get(2).get("message").asText()).contains("'clientMessageId'");
        }
    }

    @Test
    void tooManyInvalidFramesCloseWith4003() throws Exception {
        server();
        try (WsClient c = hello(h.port())) {
            for (int i = 0; i < 20; i++) {
                c.send("[" + i + "]");
            }
            assertThat(c.awaitClose(Duration.ofSeconds(5))).isEqualTo(4003);
        }
    }

    @Test
    void anOversizedFrameClosesWith1009() throws Exception {
        server("max-frame-bytes=2048");
        try (WsClient c = hello(h.port())) {
            c.send("{\"type\":\"pong\",\"pad\":\"" + "x".repeat(5000) + "\"}");
            assertThat(c.awaitClose(Duration.ofSeconds(5))).isEqualTo(1009);
        }
    }

    @Test
    void anotherUsersConversationIsNotFound() {
        server();
        String theirs = h.conversation("bob");
        try (WsClient c = hello(h.port())) {
            c.send("{\"type\":\"subscribe\",\"id\":\"s1\",\"conversation\":\"" + theirs + "\"}");
            assertThat(c.await("error").get("code").asText()).isEqualTo("not_found");
            assertThat(c.ofType("snapshot")).isEmpty();
            // the refused subscription does not count as checked for the requests that follow
            for (String frame : new String[] {
                    "{\"type\":\"send\",\"id\":\"m1\",\"conversation\":\"" + theirs
                            + "\",\"clientMessageId\":\"u1\",\"text\":\"mine now\"}",
                    "{\"type\":\"stop\",\"id\":\"x1\",\"conversation\":\"" + theirs + "\"}"}) {
                c.send(frame);
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> c.ofType("error").size() == 3);
            assertThat(c.ofType("error")).allSatisfy(e -> assertThat(e.get("code").asText()).isEqualTo("not_found"));
            assertThat(c.ofType("ack")).isEmpty();
            assertThat(h.store.history(theirs, java.util.Optional.empty(), 10).items()).isEmpty();
        }
    }

    @Test
    void aForeignOriginIsRefusedAtTheUpgrade() {
        server();
        assertThatThrownBy(() -> WsClient.connect(h.port(), Map.of("Origin", "https://evil.example")))
                .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
        WsClient.connect(h.port(), Map.of("Origin", "http://127.0.0.1:" + h.port())).close();
    }

    @Test
    void aSilentPeerIsClosedWith4010WhileOneAnsweringPingsStays() throws Exception {
        server("heartbeat=1s", "dead-after=3s");
        try (WsClient silent = hello(h.port()); WsClient alive = hello(h.port())) {
            silent.answerPings(false);
            long start = System.nanoTime();
            assertThat(silent.awaitClose(Duration.ofSeconds(10))).isEqualTo(4010);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
            assertThat(alive.ofType("ping")).isNotEmpty();
            assertThat(alive.closeCode).isNotDone();
        }
    }

    @Test
    void messagesOverTheUserRateAreRefusedWithRetryAfter() {
        server("messages-per-minute=2");
        String conversation = h.conversation("ada");
        try (WsClient c = hello(h.port())) {
            for (int i = 0; i < 3; i++) {
                c.send("{\"type\":\"send\",\"id\":\"s" + i + "\",\"conversation\":\"" + conversation
                        + "\",\"clientMessageId\":\"m" + i + "\",\"text\":\"hi\"}");
            }
            JsonNode error = c.await("error");
            assertThat(error.get("code").asText()).isEqualTo("rate_limited");
            assertThat(error.get("retryable").asBoolean()).isTrue();
            assertThat(error.get("retryAfterMs").asLong()).isPositive();
            assertThat(error.get("id").asText()).isEqualTo("s2");
        }
    }

    @Test
    void connectionsPerUserAreLimitedWith4008() throws Exception {
        server("max-connections-per-user=2");
        try (WsClient a = hello(h.port()); WsClient b = hello(h.port()); WsClient c = WsClient.connect(h.port())) {
            c.send("{\"type\":\"hello\",\"v\":1,\"token\":\"secret\"}");
            assertThat(c.awaitClose(Duration.ofSeconds(5))).isEqualTo(4008);
            assertThat(a.closeCode).isNotDone();

            a.close(); // its place is given back: a new connection is admitted once the server has seen the close
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> h.server.gateway().connections() == 1);
            try (WsClient d = hello(h.port())) {
                assertThat(d.ofType("welcome")).hasSize(1);
            }
        }
    }

    @Test
    void aHelloWhoseListUpdatesIsNotABooleanIsRefusedNamingTheField() throws Exception {
        server();
        try (WsClient c = WsClient.connect(h.port())) {
            c.send("{\"type\":\"hello\",\"v\":1,\"token\":\"secret\",\"listUpdates\":\"yes\"}");
            JsonNode error = c.await("error");
            assertThat(error.get("code").asText()).isEqualTo("handshake_required");
            assertThat(error.get("message").asText()).contains("'listUpdates' must be true or false but was \"yes\"");
            assertThat(c.awaitClose(Duration.ofSeconds(5))).isEqualTo(4002);
        }
    }

    @Test
    void aBadClientDoesNotDisturbAnotherClientsReply() {
        server();
        String conversation = h.conversation("ada");
        h.model.enqueue(Script.text("a", "b", "c", "d").chunkDelay(Duration.ofMillis(50)));
        try (WsClient good = hello(h.port()); WsClient bad = hello(h.port())) {
            good.send("{\"type\":\"subscribe\",\"id\":\"s\",\"conversation\":\"" + conversation + "\"}");
            good.send("{\"type\":\"send\",\"id\":\"m\",\"conversation\":\"" + conversation
                    + "\",\"clientMessageId\":\"u1\",\"text\":\"go\"}");
            for (int i = 0; i < 25; i++) {
                bad.send(i % 2 == 0 ? "garbage" : "{\"type\":\"nope\"}");
            }
            assertThat(good.await("turn_completed").get("text").asText()).isEqualTo("abcd");
            assertThat(good.ofType("error")).isEmpty();
        }
    }

    @Test
    void theServerRefusesToListenOffLoopbackWithoutAuthentication() {
        assertThatThrownBy(() -> new TestServer(dir, Authenticator.none(), "host=0.0.0.0", "auth=none"))
                .hasMessageContaining("Refusing to listen on 0.0.0.0 with server.auth = \"none\"");
    }
}
