package dev.tether.model.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.api.CancelSignal;
import dev.tether.api.model.FinishReason;
import dev.tether.api.model.ModelException;
import dev.tether.api.model.ModelReply;
import dev.tether.api.model.ModelSettings;
import dev.tether.testkit.model.ContractFixtures;
import dev.tether.testkit.model.FakeOpenAiServer;
import dev.tether.testkit.model.ModelCall;
import dev.tether.testkit.model.Script;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link LangChainChatModel#close()}: calls in flight end promptly, later calls fail, the connection is released. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LangChainChatModelCloseTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Far longer than any test: a call that returns did so because of close(), not the watchdog. */
    private static final Duration NO_WATCHDOG = Duration.ofMinutes(5);

    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final LangChainChatModel model = new OpenAiTestBackend.TestChatModel(new ModelSettings(server.baseUrl(),
            server.model(), Optional.empty(), Duration.ofSeconds(5), NO_WATCHDOG, Optional.empty(), 0));

    @AfterEach
    void stopServer() {
        model.close();
        server.close();
        assertThat(server.protocolViolations()).isEmpty();
    }

    @Test
    void callAfterCloseFailsNotRetriableNamingModelAndUrl() {
        model.close();
        ModelException e = call().failure(WAIT);
        assertThat(e).isInstanceOf(ModelException.Rejected.class);
        assertThat(e.retriable()).isFalse();
        assertThat(e.getMessage()).contains("test:" + server.model()).contains(server.baseUrl()).contains("was closed");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void stalledStreamReturnsPromptlyAsCancelledWhenTheModelIsClosed() {
        server.enqueue(Script.stall());
        ModelCall call = call();
        server.takeRequest(WAIT);
        ModelReply reply = closeAndAwait(call);
        assertThat(reply.finishReason()).isEqualTo(FinishReason.CANCELLED);
        server.awaitClientAborts(1, WAIT);
    }

    @Test
    void callWaitingForTheResponseHeadIsAbortedByClose() {
        server.enqueue(Script.hang());
        ModelCall call = call();
        server.takeRequest(WAIT);
        assertThat(closeAndAwait(call).finishReason()).isEqualTo(FinishReason.CANCELLED);
        server.awaitClientAborts(1, WAIT);
    }

    @Test
    void closeMidStreamKeepsTheTextReceivedSoFar() {
        server.enqueue(Script.text("a", "b", "c").stallAfter(2));
        ModelCall call = call();
        call.events().awaitTextDeltas(2, WAIT);
        ModelReply reply = closeAndAwait(call);
        assertThat(reply.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(reply.text()).isEqualTo("ab").isEqualTo(call.events().text());
    }

    @Test
    void closingTwiceIsHarmless() {
        call().reply(WAIT);
        model.close();
        model.close();
        assertThat(call().failure(WAIT)).isInstanceOf(ModelException.Rejected.class);
    }

    private ModelCall call() {
        return ModelCall.start(model, ContractFixtures.ask("Hi"), CancelSignal.none());
    }

    private ModelReply closeAndAwait(ModelCall call) {
        long closedAt = System.nanoTime();
        model.close();
        ModelReply reply = call.reply(WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(2));
        return reply;
    }
}
