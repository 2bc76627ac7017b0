package dev.tether.model.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.api.CancelSignal;
import dev.tether.api.model.ModelEvent;
import dev.tether.api.model.ModelReply;
import dev.tether.api.model.ModelSettings;
import dev.tether.testkit.model.ContractFixtures;
import dev.tether.testkit.model.FakeOpenAiServer;
import dev.tether.testkit.model.Script;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where a reply's events are delivered: on the HTTP client's thread that read them (no thread hand-off per
 * token, the calling thread only waits for the end), and what happens when the consumer throws there.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LangChainChatModelDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final LangChainChatModel model = new OpenAiTestBackend.TestChatModel(new ModelSettings(server.baseUrl(),
            server.model(), Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(20), Optional.empty(), 0));

    @AfterEach
    void stop() {
        model.close();
        server.close();
        assertThat(server.protocolViolations()).isEmpty();
    }

    @Test
    void textDeltasReachTheConsumerInOrderOnTheThreadThatReadThem() {
        server.enqueue(Script.text("a", "b", "c", "d").chunkDelay(Duration.ofMillis(50)));
        List<String> threads = new CopyOnWriteArrayList<>();
        List<String> texts = new CopyOnWriteArrayList<>();
        ModelReply reply = model.stream(ContractFixtures.ask("Hi"), e -> {
            if (e instanceof ModelEvent.TextDelta d) {
                threads.add(Thread.currentThread().getName());
                texts.add(d.text());
            }
        }, CancelSignal.none());
        assertThat(reply.text()).isEqualTo("abcd");
        assertThat(String.join("", texts)).isEqualTo("abcd");
        // the first chunk may be read by the calling thread itself, right after it sent the request; the rest are
        // read, parsed and delivered by the client's selector thread while the caller waits
        assertThat(threads).hasSize(4);
        assertThat(threads.subList(1, 4)).allSatisfy(t -> assertThat(t).contains("SelectorManager"));
    }

    @Test
    void aConsumerThatThrowsEndsTheCallWithItsExceptionAndAbortsTheStream() {
        server.enqueue(Script.text("a", "b", "c", "d").chunkDelay(Duration.ofMillis(200)));
        List<String> seen = new CopyOnWriteArrayList<>();
        IllegalStateException boom = new IllegalStateException("consumer failed");
        assertThatThrownBy(() -> model.stream(ContractFixtures.ask("Hi"), e -> {
            if (e instanceof ModelEvent.TextDelta d) {
                seen.add(d.text());
                throw boom;
            }
        }, CancelSignal.none())).isSameAs(boom);
        server.awaitClientAborts(1, WAIT);
        assertThat(seen).as("nothing delivered after the consumer failed").containsExactly("a");
    }

    /**
     * The JDK client keeps a finished call's connection for the next request, and with it the callbacks of the
     * exchange that last used it. Nothing of the call may stay reachable from there: not the consumer (and what
     * it holds: the agent's reply, the conversation), not LangChain4j's response builder with the reply's text,
     * not the request body with the whole prompt. At a thousand streams that was a second copy of every reply.
     */
    @Test
    void aFinishedCallIsNotKeptReachableByItsPooledConnection() {
        server.enqueue(Script.text("a", "b", "c"));
        java.lang.ref.WeakReference<Object> consumer = finishedCall();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (consumer.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.onSpinWait();
        }
        assertThat(consumer.get()).as("the finished call's consumer was collected").isNull();
        // the connection itself is still pooled: the next call reuses it
        server.enqueue(Script.text("d"));
        assertThat(model.stream(ContractFixtures.ask("Again"), e -> { }, CancelSignal.none()).text()).isEqualTo("d");
    }

    private java.lang.ref.WeakReference<Object> finishedCall() {
        StringBuilder seen = new StringBuilder();
        java.util.function.Consumer<ModelEvent> consumer = e -> {
            if (e instanceof ModelEvent.TextDelta d) {
                seen.append(d.text());
            }
        };
        assertThat(model.stream(ContractFixtures.ask("Hi"), consumer, CancelSignal.none()).text()).isEqualTo("abc");
        assertThat(seen).hasToString("abc");
        return new java.lang.ref.WeakReference<>(consumer);
    }
}
