package dev.tether.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.api.CancelSignal;
import dev.tether.api.model.ChatMessage;
import dev.tether.api.model.ChatModel;
import dev.tether.api.model.FinishReason;
import dev.tether.api.model.ModelException;
import dev.tether.api.model.ModelReply;
import dev.tether.api.model.ModelRequest;
import dev.tether.api.model.ModelSettings;
import dev.tether.model.openai.OpenAiModelProvider;
import dev.tether.testkit.model.FakeModelServer;
import dev.tether.testkit.model.FakeOpenAiServer;
import dev.tether.testkit.model.Script;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries, Retry-After and fallbacks, through the real OpenAI adapter against fake servers on loopback. */
class RoutedChatModelTest {
    private static final ModelRequest HELLO = new ModelRequest(List.of(new ChatMessage.User("hello")));
    private final FakeModelServer primary = FakeOpenAiServer.start();
    private final FakeModelServer backup = FakeOpenAiServer.start();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30));

    @AfterEach
    void close() {
        primary.close();
        backup.close();
    }

    private static ChatModel model(String baseUrl, String name) {
        return new OpenAiModelProvider().create(ModelSettings.of(baseUrl, name));
    }

    private RoutedChatModel routed(ChatModel... chain) {
        return new RoutedChatModel(List.of(chain), policy, (d, cancel) -> {
            waits.add(d);
            return false;
        });
    }

    private ModelReply call(RoutedChatModel model) {
        return model.stream(HELLO, e -> { }, CancelSignal.none());
    }

    @Test
    void rateLimitIsRetriedAfterTheServersRetryAfter() {
        primary.enqueue(Script.error(429, "slow down").retryAfter(Duration.ofSeconds(7)), Script.text("fine"));
        ModelReply reply = call(routed(model(primary.baseUrl(), primary.model())));

        assertThat(reply.text()).isEqualTo("fine");
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterIsCappedAtMaxBackoff() {
        primary.enqueue(Script.error(429, "slow down").retryAfter(Duration.ofSeconds(600)), Script.text("fine"));
        call(routed(model(primary.baseUrl(), primary.model())));
        assertThat(waits).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void serverErrorsBackOffExponentiallyThenFallBack() {
        primary.defaultScript(Script.error(500, "boom"));
        backup.enqueue(Script.text("from backup"));
        ModelReply reply = call(routed(model(primary.baseUrl(), primary.model()), model(backup.baseUrl(), backup.model())));

        assertThat(reply.text()).isEqualTo("from backup");
        assertThat(primary.requests()).hasSize(3);
        assertThat(waits).hasSize(2);
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(waits.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void aRejectedRequestIsNotRetriedButFallsBackAtOnce() {
        primary.defaultScript(Script.error(401, "bad key"));
        backup.enqueue(Script.text("ok"));
        call(routed(model(primary.baseUrl(), primary.model()), model(backup.baseUrl(), backup.model())));

        assertThat(primary.requests()).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void whenEveryModelFailsTheLastFailureNamesItsUrl() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/v1";
        assertThatThrownBy(() -> call(routed(model(url, "qwen"))))
                .isInstanceOf(ModelException.Unreachable.class)
                .hasMessageContaining(url);
        assertThat(waits).hasSize(2);
    }

    @Test
    void aFailureAfterTextWasDeliveredIsNotRetried() {
        // the pause lets "par" reach the caller before the drop (bytes buffered at a drop may be discarded)
        primary.enqueue(Script.text("par", "tial", "more").chunkDelay(Duration.ofMillis(300)).dropAfter(2),
                Script.text("should not be used"));
        List<String> seen = new CopyOnWriteArrayList<>();
        RoutedChatModel model = routed(model(primary.baseUrl(), primary.model()));

        assertThatThrownBy(() -> model.stream(HELLO, e -> seen.add(e.toString()), CancelSignal.none()))
                .isInstanceOf(ModelException.class);
        assertThat(primary.requests()).hasSize(1);
        assertThat(seen).isNotEmpty();
    }

    @Test
    void cancellingDuringABackoffReturnsCancelledAtOnce() {
        primary.defaultScript(Script.error(503, "overloaded"));
        CancelSignal cancel = new CancelSignal();
        RoutedChatModel model = new RoutedChatModel(List.of(model(primary.baseUrl(), primary.model())), policy,
                (d, c) -> {
                    cancel.cancel();
                    return true;
                });
        assertThat(model.stream(HELLO, e -> { }, cancel).finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(primary.requests()).hasSize(1);
    }
}
