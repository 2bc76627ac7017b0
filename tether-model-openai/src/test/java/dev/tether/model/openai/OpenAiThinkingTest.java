package dev.tether.model.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.api.CancelSignal;
import dev.tether.api.model.FinishReason;
import dev.tether.api.model.ModelEvent;
import dev.tether.api.model.ModelReply;
import dev.tether.api.model.ModelSettings;
import dev.tether.testkit.model.ContractFixtures;
import dev.tether.testkit.model.FakeOpenAiServer;
import dev.tether.testkit.model.ModelCall;
import dev.tether.testkit.model.Script;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reasoning models: what an OpenAI-compatible server streams as reasoning (the {@code reasoning_content} or
 * {@code reasoning} delta field, or {@code <think>} tags at the start of the text when the server does not parse
 * them out) arrives as {@link ModelEvent.ThinkingDelta}s, apart from the reply's text.
 */
class OpenAiThinkingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final FakeOpenAiServer server = FakeOpenAiServer.start();

    @AfterEach
    void close() {
        server.close();
        assertThat(server.protocolViolations()).isEmpty();
    }

    @Test
    void reasoningContentArrivesAsThinkingBeforeTheText() {
        server.enqueue(Script.text("4", "2.").thinking("Six ", "times seven."));
        ModelCall call = call();
        ModelReply reply = call.reply(WAIT);

        assertThat(call.events().events()).containsExactly(new ModelEvent.ThinkingDelta("Six "),
                new ModelEvent.ThinkingDelta("times seven."), new ModelEvent.TextDelta("4"),
                new ModelEvent.TextDelta("2."));
        assertThat(reply.thinking()).isEqualTo("Six times seven.");
        assertThat(reply.text()).isEqualTo("42.");
        assertThat(reply.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void theReasoningFieldOfNewerServersIsReadToo() {
        server.enqueue(Script.text("Yes.").thinking("Hmm.").thinkingField(Script.Reply.REASONING));
        ModelReply reply = call().reply(WAIT);
        assertThat(reply.thinking()).isEqualTo("Hmm.");
        assertThat(reply.text()).isEqualTo("Yes.");
    }

    @Test
    void thinkTagsAtTheStartOfTheTextAreSplitOffEvenWhenChunksCutThroughThem() {
        server.enqueue(Script.text("\n<thi", "nk>Six", " times seven</th", "ink>\n\n", "4", "2."));
        ModelCall call = call();
        ModelReply reply = call.reply(WAIT);

        assertThat(reply.thinking()).isEqualTo("Six times seven");
        assertThat(reply.text()).isEqualTo("42.");
        assertThat(call.events().text()).isEqualTo("42.");
        assertThat(thinkingOf(call.events().events())).isEqualTo("Six times seven");
    }

    @Test
    void aReplyThatOnlyMentionsTheTagLaterIsLeftAsWritten() {
        server.enqueue(Script.text("Models write ", "<think>", " first."));
        ModelReply reply = call().reply(WAIT);
        assertThat(reply.text()).isEqualTo("Models write <think> first.");
        assertThat(reply.thinking()).isEmpty();
    }

    @Test
    void aReplyThatLooksLikeTheTagUntilItsLastChunkIsDeliveredWhole() {
        server.enqueue(Script.text(" <th", "e end>"));
        ModelCall call = call();
        assertThat(call.reply(WAIT).text()).isEqualTo(" <the end>");
        assertThat(call.events().text()).isEqualTo(" <the end>");
    }

    @Test
    void aStoppedReplyKeepsTheThinkingSoFar() {
        server.enqueue(Script.text("never").thinking("First, ", "second", "third").chunkDelay(Duration.ofMillis(300)));
        CancelSignal cancel = new CancelSignal();
        ModelCall call = ModelCall.start(new OpenAiChatModel(ModelSettings.of(server.baseUrl(), server.model())),
                ContractFixtures.ask("Think"), cancel);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !call.events().events().isEmpty());
        cancel.cancel();
        ModelReply reply = call.reply(WAIT);
        assertThat(reply.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(reply.thinking()).startsWith("First, ").isEqualTo(thinkingOf(call.events().events()));
        assertThat(reply.text()).isEmpty();
    }

    private ModelCall call() {
        return ModelCall.start(new OpenAiChatModel(ModelSettings.of(server.baseUrl(), server.model())),
                ContractFixtures.ask("What is six times seven?"), CancelSignal.none());
    }

    private static String thinkingOf(List<ModelEvent> events) {
        StringBuilder b = new StringBuilder();
        events.forEach(e -> {
            if (e instanceof ModelEvent.ThinkingDelta t) {
                b.append(t.text());
            }
        });
        return b.toString();
    }
}
