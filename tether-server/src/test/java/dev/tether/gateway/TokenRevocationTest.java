package dev.tether.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.server.ServerTest;
import dev.tether.server.TestServer;
import dev.tether.store.AccessStore;
import dev.tether.store.IssuedToken;
import dev.tether.store.JobStore;
import dev.tether.store.Lane;
import dev.tether.store.NewUserMessage;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.store.Submitted;
import dev.tether.store.sqlite.SqliteConversationStore;
import dev.tether.testkit.store.ForwardingJobStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Revoking a token ({@code tether token revoke}: another process on the same SQLite file) closes that token's
 * open connections within {@code server.token-recheck}, and only those.
 */
class TokenRevocationTest extends ServerTest<TestServer> {
    private static final String RECHECK = "token-recheck=200ms";

    private IssuedToken token(String user, String label) {
        AccessStore access = h.access();
        if (access.user(user).isEmpty()) {
            access.createUser(user);
        }
        return access.createToken(user, label);
    }

    private WsClient hello(IssuedToken token) {
        WsClient c = WsClient.connect(h.port());
        c.send("{\"type\":\"hello\",\"v\":1,\"token\":\"" + token.secret() + "\"}");
        c.await("welcome");
        return c;
    }

    /** Revokes as the CLI does: its own store on the server's database file. */
    private void revokeFromTheCli(IssuedToken token) {
        try (SqliteConversationStore cli = SqliteConversationStore.open(dir.resolve("tether.db"))) {
            assertThat(cli.revoke(token.id())).isTrue();
        }
    }

    private static JsonNode ack(WsClient c, String request) {
        String id = c.nextId();
        c.send(request.replace("{", "{\"id\":\"" + id + "\","));
        return c.await(f -> id.equals(f.path("id").asText()), Duration.ofSeconds(10));
    }

    @Test
    void aRevokedTokensConnectionsAreClosedWith4001AndTheUsersOtherTokenAndOtherUsersCarryOn() throws Exception {
        h = TestServer.withStoreTokens(dir, RECHECK);
        IssuedToken leaked = token("ada", "lost phone");
        IssuedToken laptop = token("ada", "laptop");
        IssuedToken bobs = token("bob", "laptop");
        String adasChat = h.conversation("ada");
        try (WsClient thief = hello(leaked); WsClient thief2 = hello(leaked); WsClient ada = hello(laptop);
             WsClient bob = hello(bobs)) {
            revokeFromTheCli(leaked);

            for (WsClient c : List.of(thief, thief2)) {
                assertThat(c.awaitClose(Duration.ofSeconds(3))).isEqualTo(4001);
                JsonNode error = c.await("error");
                assertThat(error.get("code").asText()).isEqualTo("unauthorized");
                assertThat(error.get("retryable").asBoolean()).isFalse();
                assertThat(error.get("message").asText()).contains("The access token " + leaked.id() + " of user 'ada' "
                        + "was revoked").contains("'tether token create --user ada'");
            }
            assertThat(ack(ada, "{\"type\":\"subscribe\",\"conversation\":\"" + adasChat + "\"}").get("type").asText())
                    .isEqualTo("subscribed");
            assertThat(ack(ada, "{\"type\":\"send\",\"conversation\":\"" + adasChat
                    + "\",\"clientMessageId\":\"u1\",\"text\":\"still here\"}").get("type").asText()).isEqualTo("ack");
            assertThat(ack(bob, "{\"type\":\"create\",\"title\":\"Bob's\"}").get("type").asText()).isEqualTo("ack");
            assertThat(ada.closeCode).isNotDone();
            assertThat(bob.closeCode).isNotDone();
            assertThat(ada.ofType("error")).isEmpty();
        }
    }

    @Test
    void requestsStillWaitingOnARevokedConnectionDoNotRun() throws Exception {
        HeldSubmit held = new HeldSubmit();
        h = TestServer.withStoreTokens(dir, held::around, RECHECK);
        IssuedToken leaked = token("ada", "lost phone");
        String chat = h.conversation("ada");
        try (WsClient thief = hello(leaked)) {
            thief.send("{\"type\":\"send\",\"id\":\"s1\",\"conversation\":\"" + chat
                    + "\",\"clientMessageId\":\"m1\",\"text\":\"first\"}");
            assertThat(held.submitting.await(10, TimeUnit.SECONDS)).isTrue(); // s1 runs, and holds the queue
            thief.send("{\"type\":\"send\",\"id\":\"s2\",\"conversation\":\"" + chat
                    + "\",\"clientMessageId\":\"m2\",\"text\":\"queued behind it\"}");
            thief.send("{\"type\":\"create\",\"id\":\"c1\",\"title\":\"queued too\"}");

            revokeFromTheCli(leaked);
            assertThat(thief.awaitClose(Duration.ofSeconds(3))).isEqualTo(4001);
            held.release.countDown();

            await().atMost(Duration.ofSeconds(5)).until(() -> !questions(chat).isEmpty()); // s1 was running: it ends
            // s2 would run right after s1 returns: watch for it
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> held.calls.get() == 1);
            assertThat(questions(chat)).containsExactly("first");
            assertThat(h.store.conversations("ada", Optional.empty(), 10).items()).hasSize(1);
        }
    }

    private List<String> questions(String conversation) {
        return h.store.history(conversation, Optional.empty(), 10).items().stream()
                .filter(m -> m.role() == Role.USER).map(StoredMessage::content).toList();
    }

    /** A job store whose first {@code submitUserMessage} waits for {@link #release}, saying when it has started. */
    private static final class HeldSubmit {
        final CountDownLatch submitting = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();

        JobStore around(JobStore jobs) {
            return new ForwardingJobStore(jobs) {
                @Override
                public Submitted submitUserMessage(NewUserMessage message, Lane lane) {
                    if (calls.incrementAndGet() == 1) {
                        submitting.countDown();
                        try {
                            release.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return jobs.submitUserMessage(message, lane);
                }
            };
        }
    }
}
