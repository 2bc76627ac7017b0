package dev.tether.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.api.model.ChatMessage;
import dev.tether.server.ServerTest;
import dev.tether.server.TestServer;
import dev.tether.store.Lane;
import dev.tether.store.sqlite.SqliteConversationStore;
import dev.tether.store.MessageStatus;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.testkit.model.Script;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The job queue as clients see it: busy refusals, retries of failed replies, draining, the memory watchdog. */
class QueueGatewayTest extends ServerTest<TestServer> {
    private String conversation;

    private void start(String... overrides) {
        h = new TestServer(dir, Authenticator.none(), Duration.ofMillis(100), overrides);
        conversation = h.conversation("local");
    }

    private void subscribe(WsClient c) {
        c.send("{\"type\":\"subscribe\",\"id\":\"" + c.nextId() + "\",\"conversation\":\"" + conversation + "\"}");
        c.await(f -> f.path("type").asText().equals("snapshot") || f.path("type").asText().equals("resumed"),
                Duration.ofSeconds(10));
    }

    private String send(WsClient c, String clientId, String text) {
        String id = c.nextId();
        c.send("{\"type\":\"send\",\"id\":\"" + id + "\",\"conversation\":\"" + conversation
                + "\",\"clientMessageId\":\"" + clientId + "\",\"text\":\"" + text + "\"}");
        return id;
    }

    private JsonNode answer(WsClient c, String requestId) {
        return c.await(f -> requestId.equals(f.path("id").asText()), Duration.ofSeconds(10));
    }

    private List<StoredMessage> stored() {
        return h.store.history(conversation, Optional.empty(), 50).items().reversed();
    }

    @Test
    void aFullQueueRefusesASendWithBusyAndWhenToRetryAndStoresNothing() {
        start("queue.max-queued=1");
        h.model.enqueue(Script.text("slow ", "reply").chunkDelay(Duration.ofMillis(400)));
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c);
            assertThat(answer(c, send(c, "u1", "first")).get("type").asText()).isEqualTo("ack");

            JsonNode refused = answer(c, send(c, "u2", "second"));

            assertThat(refused.get("type").asText()).isEqualTo("error");
            assertThat(refused.get("code").asText()).isEqualTo("busy");
            assertThat(refused.get("retryable").asBoolean()).isTrue();
            assertThat(refused.get("retryAfterMs").asLong()).isPositive();
            assertThat(refused.get("message").asText()).contains("queue.max-queued");
            assertThat(stored()).extracting(StoredMessage::content).doesNotContain("second");
            await().atMost(Duration.ofSeconds(10)).until(() -> !c.ofType("turn_completed").isEmpty());
            assertThat(answer(c, send(c, "u2", "second")).get("type").asText()).isEqualTo("ack");
        }
    }

    @Test
    void aRetriableModelFailureIsRetriedAfterTheDelayAndTheUserSeesIt() {
        start("queue.retry-delay=200ms", "queue.max-attempts=3");
        h.model.enqueue(Script.error(503, "overloaded"), Script.text("Hello ", "after a retry"));
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c);
            send(c, "u1", "hi");

            JsonNode retrying = c.await("turn_retrying");
            JsonNode completed = c.await("turn_completed");

            assertThat(retrying.get("code").asText()).isEqualTo("model_server_error");
            assertThat(retrying.get("attempt").asInt()).isEqualTo(1);
            assertThat(retrying.get("maxAttempts").asInt()).isEqualTo(3);
            assertThat(retrying.get("retryInMs").asLong()).isEqualTo(200);
            assertThat(completed.get("text").asText()).isEqualTo("Hello after a retry");
            assertThat(h.model.requests()).hasSize(2);
            assertThat(stored()).extracting(StoredMessage::status)
                    .containsExactly(MessageStatus.COMPLETE, MessageStatus.COMPLETE);
        }
    }

    @Test
    void stopWhileAReplyWaitsToBeRetriedCancelsTheRetry() {
        start("queue.retry-delay=30s", "queue.max-attempts=3");
        h.model.enqueue(Script.error(503, "overloaded"), Script.text("never asked for"));
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c);
            send(c, "u1", "hi");
            c.await("turn_retrying");
            assertThat(h.server.turns().stats().open()).isEqualTo(1);

            String stopId = c.nextId();
            c.send("{\"type\":\"stop\",\"id\":\"" + stopId + "\",\"conversation\":\"" + conversation + "\"}");
            JsonNode ack = c.await(f -> f.path("type").asText().equals("ack") && f.path("id").asText().equals(stopId),
                    Duration.ofSeconds(5));
            JsonNode completed = c.await("turn_completed");

            assertThat(ack.get("stopped").asBoolean()).isTrue();
            assertThat(completed.get("status").asText()).isEqualTo("stopped");
            assertThat(h.server.turns().stats().open()).isZero(); // the retry is gone, not just postponed
            List<StoredMessage> stored = stored();
            assertThat(stored).extracting(StoredMessage::status)
                    .containsExactly(MessageStatus.COMPLETE, MessageStatus.STOPPED);
            assertThat(stored.get(1).replyTo()).contains(stored.get(0).id());
            assertThat(completed.get("messageId").asLong()).isEqualTo(stored.get(1).id());
            assertThat(h.model.requests()).hasSize(1);
        }
    }

    @Test
    void afterTheLastAttemptTheUserSeesTheErrorAndCanRetryIt() {
        start("queue.retry-delay=100ms", "queue.max-attempts=2");
        h.model.enqueue(Script.error(503, "overloaded"), Script.error(503, "still overloaded"), Script.text("Finally"));
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c);
            long userMessageId = answer(c, send(c, "u1", "hi")).get("messageId").asLong();

            JsonNode failed = c.await("turn_failed");
            assertThat(failed.get("userMessageId").asLong()).isEqualTo(userMessageId);
            assertThat(failed.get("retryable").asBoolean()).isTrue();
            assertThat(failed.get("attempt").asInt()).isEqualTo(2);
            assertThat(stored().getLast().status()).isEqualTo(MessageStatus.FAILED);

            String retry = c.nextId();
            c.send("{\"type\":\"retry\",\"id\":\"" + retry + "\",\"conversation\":\"" + conversation
                    + "\",\"messageId\":" + userMessageId + "}");

            assertThat(answer(c, retry).get("type").asText()).isEqualTo("ack");
            assertThat(c.await("turn_completed").get("text").asText()).isEqualTo("Finally");
            assertThat(stored().getLast().content()).isEqualTo("Finally");
        }
    }

    @Test
    void anotherAnswerToAFinishedReplyIsWrittenWithoutTheFirstAndLaterTurnsSeeOnlyTheNewest() {
        start();
        h.model.enqueue(Script.text("Blue"), Script.text("Green"), Script.text("Noted"));
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c);
            long question = answer(c, send(c, "u1", "name a colour")).get("messageId").asLong();
            c.await(f -> f.path("type").asText().equals("turn_completed") && f.path("text").asText().equals("Blue"),
                    Duration.ofSeconds(10));
            h.model.takeRequest(Duration.ofSeconds(5));

            String again = c.nextId();
            c.send("{\"type\":\"retry\",\"id\":\"" + again + "\",\"conversation\":\"" + conversation
                    + "\",\"messageId\":" + question + "}");

            assertThat(answer(c, again).get("type").asText()).isEqualTo("ack");
            JsonNode second = c.await(f -> f.path("type").asText().equals("turn_completed")
                    && f.path("text").asText().equals("Green"), Duration.ofSeconds(10));
            assertThat(second.get("userMessageId").asLong()).isEqualTo(question);
            List<ChatMessage> asked = h.model.takeRequest(Duration.ofSeconds(5)).requireChat().messages();
            assertThat(asked.subList(1, asked.size())).containsExactly(new ChatMessage.User("name a colour"));
            assertThat(stored()).filteredOn(m -> m.role() == Role.ASSISTANT)
                    .extracting(StoredMessage::content, m -> m.replyTo().orElseThrow())
                    .containsExactly(tuple("Blue", question), tuple("Green", question));

            send(c, "u2", "thanks");
            c.await(f -> f.path("type").asText().equals("turn_completed") && f.path("text").asText().equals("Noted"),
                    Duration.ofSeconds(10));
            List<ChatMessage> later = h.model.takeRequest(Duration.ofSeconds(5)).requireChat().messages();
            assertThat(later.subList(1, later.size())).containsExactly(new ChatMessage.User("name a colour"),
                    new ChatMessage.Assistant("Green", List.of()), new ChatMessage.User("thanks"));
        }
    }

    @Test
    void retryingAMessageThatIsNotAUserMessageOfTheConversationIsRefused() {
        start();
        try (WsClient c = WsClient.hello(h.port())) {
            String retry = c.nextId();
            c.send("{\"type\":\"retry\",\"id\":\"" + retry + "\",\"conversation\":\"" + conversation
                    + "\",\"messageId\":424242}");

            JsonNode refused = answer(c, retry);
            assertThat(refused.get("type").asText()).isEqualTo("error");
            assertThat(refused.get("code").asText()).isEqualTo("not_found");
            assertThat(refused.get("message").asText()).contains("424242");
        }
    }

    @Test
    void drainingLetsARunningReplyFinishAndRefusesNewMessages() throws Exception {
        start();
        h.model.enqueue(Script.text("a ", "b ", "c").chunkDelay(Duration.ofMillis(300)));
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c);
            send(c, "u1", "first");
            c.await("delta");
            AtomicReference<Integer> cut = new AtomicReference<>();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> cut.set(h.server.close(Duration.ofSeconds(10))));
            await().atMost(Duration.ofSeconds(5)).until(() -> h.server.turns().draining());

            JsonNode refused = answer(c, send(c, "u2", "second"));

            assertThat(refused.get("code").asText()).isEqualTo("shutting_down");
            closing.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(cut.get()).isZero();
            assertThat(c.ofType("turn_completed")).singleElement().satisfies(f ->
                    assertThat(f.get("text").asText()).isEqualTo("a b c"));
            assertThat(c.awaitClose(Duration.ofSeconds(5))).isEqualTo(1001);
        }
    }

    @Test
    void aReplyStillRunningAtTheDrainDeadlineIsCheckpointedAndQueuedForTheNextStart() {
        start();
        h.model.enqueue(Script.text("one ", "two ", "three ", "four ", "five").chunkDelay(Duration.ofMillis(500)));
        try (WsClient c = WsClient.hello(h.port())) {
            subscribe(c);
            send(c, "u1", "a long one");
            c.await("delta");

            int cut = h.server.close(Duration.ofMillis(200));

            assertThat(cut).isEqualTo(1);
            StoredMessage reply = stored().stream().filter(m -> m.role() == Role.ASSISTANT).findFirst().orElseThrow();
            assertThat(reply.status()).isEqualTo(MessageStatus.INTERRUPTED);
            assertThat(reply.content()).startsWith("one");
            assertThat(((dev.tether.store.JobStore) h.store).openJobs()).singleElement()
                    .satisfies(j -> assertThat(j.userMessageId()).isEqualTo(stored().getFirst().id()));
        }
    }

    @Test
    void whenTheHeapIsFullTheStalestIdleConnectionIsClosedToReconnectAndTheEventIsCounted() throws Exception {
        AtomicReference<Double> heap = new AtomicReference<>(0.2);
        h = new TestServer(dir, Authenticator.none(), Duration.ofMillis(100), heap::get, "memory-high-water=0.8");
        conversation = h.conversation("local");
        try (WsClient stale = WsClient.hello(h.port()); WsClient fresh = WsClient.hello(h.port())) {
            subscribe(fresh); // a request: the fresh connection was used after the stale one

            heap.set(0.95);

            assertThat(stale.awaitClose(Duration.ofSeconds(10))).isEqualTo(1013);
            await().atMost(Duration.ofSeconds(5)).until(() -> h.server.gateway().watchdogClosed() == 1);
            assertThat(h.server.gateway().watchdogTriggered()).isEqualTo(1);
            assertThat(h.server.gateway().connections()).isEqualTo(1);
        }
    }

    @Test
    void repliesRecoveredBehindAnotherAreAnnouncedAsQueuedSoSnapshotsCountThem() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("recovered"));
        String conversation;
        long second;
        long third;
        try (SqliteConversationStore crashed = SqliteConversationStore.open(dir.resolve("recovered").resolve("tether.db"))) {
            conversation = crashed.createConversation("local", "Queued before the crash").id();
            crashed.submitUserMessage(conversation, "u1", "first", Lane.INTERACTIVE);
            second = crashed.submitUserMessage(conversation, "u2", "second", Lane.INTERACTIVE).message().id();
            third = crashed.submitUserMessage(conversation, "u3", "third", Lane.INTERACTIVE).message().id();
        }

        try (TestServer h = TestServer.withModel(dir.resolve("recovered"), m -> m.enqueue(Script.hang()));
             WsClient c = WsClient.hello(h.port())) {
            c.send("{\"type\":\"subscribe\",\"id\":\"s\",\"conversation\":\"" + conversation + "\"}");
            JsonNode snapshot = c.await("snapshot");

            assertThat(snapshot.get("queued").asInt()).isEqualTo(2);
            assertThat(snapshot.get("inflight").get("userMessageId").asLong()).isLessThan(second);
            h.server.turns().stop(conversation);
            assertThat(c.await(f -> f.path("type").asText().equals("turn_started")
                    && f.path("userMessageId").asLong() == third, Duration.ofSeconds(15))).isNotNull();
        }
    }
}
