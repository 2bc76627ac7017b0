package dev.tether.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.api.CancelSignal;
import dev.tether.api.model.ChatMessage;
import dev.tether.store.JobStore;
import dev.tether.store.Lane;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.store.NewUserMessage;
import dev.tether.testkit.model.Script;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the model is shown once the user edited a question and asked again: the edit, never the question it replaced. */
class EditedQuestionContextTest {
    @TempDir
    Path dir;

    private static long edit(AgentHarness h, String c, String clientId, String text, long replaces) {
        return ((JobStore) h.store).submitUserMessage(new NewUserMessage(c, clientId, text, Optional.of(replaces)),
                Lane.INTERACTIVE).message().id();
    }

    private static List<ChatMessage> sentWithoutSystem(AgentHarness h) {
        List<ChatMessage> sent = h.server.takeRequest(Duration.ofSeconds(5)).requireChat().messages();
        return sent.subList(1, sent.size());
    }

    @Test
    void theEditedQuestionAndItsAnswersAreLeftOutOfThisTurnAndEveryLaterOne() {
        try (AgentHarness h = new AgentHarness(dir, new AgentSettings(5, 16_000, 0, Duration.ofMillis(100), 8000))) {
            String c = h.newConversation();
            h.server.enqueue(Script.text("Paris."), Script.text("Four."), Script.text("Eight."), Script.text("Nine."));
            h.agent.chat(c, "m1", "Capital of France?", h.recorder(), CancelSignal.none());
            h.agent.chat(c, "m2", "Wht is 2+3?", h.recorder(), CancelSignal.none());
            long typo = h.store.history(c, Optional.empty(), 2).items().getLast().id();
            h.server.takeRequest(Duration.ofSeconds(5));
            h.server.takeRequest(Duration.ofSeconds(5));

            long fixed = edit(h, c, "m3", "What is 2+2?", typo);
            h.agent.runTurn(c, fixed, h.recorder(), CancelSignal.none());
            h.agent.chat(c, "m4", "And 4+4?", h.recorder(), CancelSignal.none());

            assertThat(sentWithoutSystem(h)).containsExactly(new ChatMessage.User("Capital of France?"),
                    new ChatMessage.Assistant("Paris.", List.of()), new ChatMessage.User("What is 2+2?"));
            assertThat(sentWithoutSystem(h)).containsExactly(new ChatMessage.User("Capital of France?"),
                    new ChatMessage.Assistant("Paris.", List.of()), new ChatMessage.User("What is 2+2?"),
                    new ChatMessage.Assistant("Eight.", List.of()), new ChatMessage.User("And 4+4?"));
        }
    }

    @Test
    void anEditedQuestionAndItsAnswersDoNotSpendTheContextBudget() {
        try (AgentHarness h = new AgentHarness(dir, new AgentSettings(5, 2_000, 200, Duration.ofSeconds(1), 0))) {
            String c = h.newConversation();
            long first = h.store.appendUserMessage(c, "m0", "the first question").message().id();
            h.store.appendMessage(NewMessage.assistant(c, "the first answer", List.of(), MessageStatus.COMPLETE)
                    .replyingTo(first));
            String longText = "word ".repeat(600); // about 750 tokens each; the budget holds about 1,400
            long edited = h.store.appendUserMessage(c, "m1", longText).message().id();
            h.store.appendMessage(NewMessage.assistant(c, longText, List.of(), MessageStatus.STOPPED)
                    .replyingTo(edited));
            long fixed = edit(h, c, "m2", "the fixed question", edited);

            h.agent.runTurn(c, fixed, h.recorder(), CancelSignal.none());

            assertThat(sentWithoutSystem(h)).containsExactly(new ChatMessage.User("the first question"),
                    new ChatMessage.Assistant("the first answer", List.of()),
                    new ChatMessage.User("the fixed question"));
        }
    }
}
