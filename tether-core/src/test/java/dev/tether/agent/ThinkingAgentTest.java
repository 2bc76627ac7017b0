package dev.tether.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.api.CancelSignal;
import dev.tether.store.MessageStatus;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.testkit.model.RecordedRequest;
import dev.tether.testkit.model.Script;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

/** A reasoning model's thinking: streamed as its own events, stored with its message, never sent back to the model. */
class ThinkingAgentTest {
    @TempDir
    Path dir;
    AgentHarness h;

    @BeforeEach
    void start() {
        h = new AgentHarness(dir, new AgentSettings(5, 16_000, 0, Duration.ofMillis(100), 8000));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private List<StoredMessage> history(String conversation) {
        return h.store.history(conversation, Optional.empty(), 100).items().reversed();
    }

    @Test
    void thinkingIsReportedAndStoredWithItsMessageButNeverSentToTheModel() {
        h.server.enqueue(Script.text("42.").thinking("Six times ", "seven."), Script.text("You're welcome."));
        String c = h.newConversation();

        TurnOutcome outcome = h.agent.chat(c, "m1", "What is 6*7?", h.recorder(), CancelSignal.none());

        assertThat(outcome.text()).isEqualTo("42.");
        assertThat(h.eventTypes()).containsExactly(AgentEvent.TurnStarted.class, AgentEvent.ThinkingDelta.class,
                AgentEvent.ThinkingDelta.class, AgentEvent.TextDelta.class, AgentEvent.TurnCompleted.class);
        assertThat(history(c).get(1)).satisfies(m -> {
            assertThat(m.content()).isEqualTo("42.");
            assertThat(m.thinking()).isEqualTo("Six times seven.");
        });

        h.agent.chat(c, "m2", "Thanks", h.recorder(), CancelSignal.none());
        h.server.takeRequest(Duration.ofSeconds(1));
        RecordedRequest second = h.server.takeRequest(Duration.ofSeconds(1));
        assertThat(second.body()).contains("42.").doesNotContain("Six times");
    }

    @Test
    void eachModelCallOfATurnKeepsItsOwnThinking() {
        h.server.enqueue(Script.toolCall("call_1", "list_dir", "{\"path\":\".\"}").thinking("Look first."),
                Script.text("Nothing much.").thinking("It is nearly empty."));
        String c = h.newConversation();

        h.agent.chat(c, "m1", "What is in my workspace?", h.recorder(), CancelSignal.none());

        List<StoredMessage> stored = history(c);
        assertThat(stored).extracting(StoredMessage::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
        assertThat(stored).extracting(StoredMessage::thinking)
                .containsExactly("", "Look first.", "", "It is nearly empty.");
    }

    @Test
    void aCheckpointStoresThinkingBeforeAnyTextArrives() {
        h.server.enqueue(Script.text("Done.").thinking("a", "b", "c", "d", "e", "f", "g")
                .chunkDelay(Duration.ofMillis(150)));
        String c = h.newConversation();

        CompletableFuture<TurnOutcome> turn = CompletableFuture.supplyAsync(
                () -> h.agent.chat(c, "m1", "Think hard", h.recorder(), CancelSignal.none()));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(history(c)).anySatisfy(m -> {
            assertThat(m.role()).isEqualTo(Role.ASSISTANT);
            assertThat(m.status()).isEqualTo(MessageStatus.STREAMING);
            assertThat(m.content()).isEmpty();
            assertThat(m.thinking()).startsWith("a").hasSizeLessThan(7);
        }));
        assertThat(turn.join().text()).isEqualTo("Done.");
        assertThat(history(c).get(1).thinking()).isEqualTo("abcdefg");
    }

    @Test
    void anAttemptThatFailsWhileThinkingKeepsTheThinkingAsInterrupted() {
        h.server.enqueue(Script.text("never").thinking("Let me", " see").errorAfter(2, 503, "Overloaded"));
        String c = h.newConversation();
        long question = h.store.appendUserMessage(c, "m1", "Hi").message().id();

        TurnOutcome outcome = h.agent.runTurn(c, question, h.recorder(), CancelSignal.none(), false);

        assertThat(outcome.status()).isEqualTo(MessageStatus.INTERRUPTED);
        assertThat(history(c).get(1)).satisfies(m -> {
            assertThat(m.status()).isEqualTo(MessageStatus.INTERRUPTED);
            assertThat(m.thinking()).isEqualTo("Let me see");
            assertThat(m.content()).isEmpty();
        });
    }
}
