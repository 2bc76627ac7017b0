package dev.tether.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tether.api.CancelSignal;
import dev.tether.api.model.ChatMessage;
import dev.tether.api.model.ToolCall;
import dev.tether.api.tool.ToolResult;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.testkit.model.RecordedRequest;
import dev.tether.testkit.model.Script;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTest {
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
    void toolCallRoundTripIsStoredAndReportedInOrder() throws Exception {
        Files.writeString(h.workspace.root().resolve("notes.txt"), "buy milk");
        h.server.enqueue(Script.toolCall("call_1", "read_file", "{\"path\":", "\"notes.txt\"}"),
                Script.text("Your note says: ", "buy milk."));
        String c = h.newConversation();

        TurnOutcome outcome = h.agent.chat(c, "m1", "What is in notes.txt?", h.recorder(), CancelSignal.none());

        assertThat(outcome.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(outcome.text()).isEqualTo("Your note says: buy milk.");
        assertThat(h.eventTypes()).containsExactly(AgentEvent.TurnStarted.class, AgentEvent.ToolCallStarted.class,
                AgentEvent.ToolCallFinished.class, AgentEvent.TextDelta.class, AgentEvent.TextDelta.class,
                AgentEvent.TurnCompleted.class);
        var finished = (AgentEvent.ToolCallFinished) h.events.get(2);
        assertThat(finished.result()).isInstanceOf(ToolResult.Success.class);
        assertThat(finished.result().forModel()).contains("buy milk");

        List<StoredMessage> stored = history(c);
        assertThat(stored).extracting(StoredMessage::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
        assertThat(stored.get(1).toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("read_file");
            assertThat(call.argumentsJson()).contains("notes.txt");
        });
        assertThat(stored.get(2).content()).contains("buy milk");
        assertThat(stored.get(2).status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(stored.get(3).content()).isEqualTo("Your note says: buy milk.");
        assertThat(stored.subList(1, 4)).allSatisfy(m -> assertThat(m.replyTo()).contains(stored.get(0).id()));

        h.server.takeRequest(Duration.ofSeconds(1));
        RecordedRequest second = h.server.takeRequest(Duration.ofSeconds(1));
        assertThat(second.requireChat().messages()).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(
                ChatMessage.ToolResult.class, r -> {
                    assertThat(r.toolCallId()).isEqualTo("call_1");
                    assertThat(r.content()).contains("buy milk");
                }));
    }

    @Test
    void systemPromptCarriesPersonaAndMemory() throws Exception {
        Files.writeString(h.workspace.root().resolve("USER.md"), "The user is called Ada.");
        h.workspace.appendMemory("- Ada prefers tea.");
        h.agent.chat(h.newConversation(), "m1", "hi", h.recorder(), CancelSignal.none());

        ChatMessage first = h.server.takeRequest(Duration.ofSeconds(1)).requireChat().messages().getFirst();
        assertThat(first).isInstanceOfSatisfying(ChatMessage.System.class, s -> assertThat(s.text())
                .contains("The user is called Ada.").contains("Ada prefers tea.").contains("You are Tether"));
    }

    @Test
    void aRepeatedClientMessageIdGetsTheStoredReplyWithoutAskingTheModelAgain() {
        h.server.enqueue(Script.text("first answer"));
        String c = h.newConversation();
        TurnOutcome first = h.agent.chat(c, "same-id", "hello", h.recorder(), CancelSignal.none());
        TurnOutcome again = h.agent.chat(c, "same-id", "hello", h.recorder(), CancelSignal.none());

        assertThat(again.assistantMessageId()).isEqualTo(first.assistantMessageId());
        assertThat(again.text()).isEqualTo("first answer");
        assertThat(h.server.requests()).hasSize(1);
        assertThat(history(c)).extracting(StoredMessage::role).containsExactly(Role.USER, Role.ASSISTANT);
    }

    @Test
    void historyBeyondTheTokenBudgetIsLeftOutAndTheContextStartsWithAUserMessage() {
        AgentHarness small = new AgentHarness(dir.resolve("small"),
                new AgentSettings(5, 2_000, 200, Duration.ofSeconds(1), 0));
        try (small) {
            String c = small.newConversation();
            for (int i = 0; i < 200; i++) {
                small.store.appendUserMessage(c, "old-" + i, "question " + i + " " + "x".repeat(200));
                small.store.appendMessage(NewMessage.assistant(c, "answer " + i, List.of(),
                        MessageStatus.COMPLETE));
            }
            small.agent.chat(c, "now", "the latest question", small.recorder(), CancelSignal.none());

            List<ChatMessage> sent = small.server.takeRequest(Duration.ofSeconds(1)).requireChat().messages();
            assertThat(sent.size()).isBetween(3, 40);
            assertThat(sent.get(1)).isInstanceOf(ChatMessage.User.class);
            assertThat(sent.getLast()).isEqualTo(new ChatMessage.User("the latest question"));
            assertThat(sent).noneMatch(m -> m instanceof ChatMessage.User u && u.text().startsWith("question 0 "));
        }
    }

    @Test
    void repliesLeftOutOfTheContextDoNotSpendItsBudget() {
        AgentHarness small = new AgentHarness(dir.resolve("small"),
                new AgentSettings(5, 2_000, 200, Duration.ofSeconds(1), 0));
        try (small) {
            String c = small.newConversation();
            small.store.appendUserMessage(c, "m0", "the first question");
            small.store.appendMessage(NewMessage.assistant(c, "the first answer", List.of(), MessageStatus.COMPLETE));
            long second = small.store.appendUserMessage(c, "m1", "the second question").message().id();
            String longText = "word ".repeat(400); // about 500 tokens each; the budget holds about 1,400
            for (MessageStatus left : List.of(MessageStatus.STOPPED, MessageStatus.INTERRUPTED, MessageStatus.FAILED,
                    MessageStatus.COMPLETE)) {
                small.store.appendMessage(NewMessage.assistant(c, longText, List.of(), left).replyingTo(second));
            }
            small.store.appendMessage(NewMessage.assistant(c, "the newest answer", List.of(), MessageStatus.COMPLETE)
                    .replyingTo(second));

            small.agent.chat(c, "now", "the third question", small.recorder(), CancelSignal.none());

            List<ChatMessage> sent = small.server.takeRequest(Duration.ofSeconds(1)).requireChat().messages();
            assertThat(sent.subList(1, sent.size())).containsExactly(new ChatMessage.User("the first question"),
                    new ChatMessage.Assistant("the first answer", List.of()),
                    new ChatMessage.User("the second question"),
                    new ChatMessage.Assistant("the newest answer", List.of()),
                    new ChatMessage.User("the third question"));
        }
    }

    @Test
    void stopAbortsTheUpstreamStreamAndKeepsThePartialText() {
        h.server.enqueue(Script.text("one ", "two ", "three ", "four ", "five ", "six ", "seven ", "eight ")
                .chunkDelay(Duration.ofMillis(200)));
        String c = h.newConversation();
        CancelSignal cancel = new CancelSignal();
        CompletableFuture<TurnOutcome> turn = CompletableFuture.supplyAsync(
                () -> h.agent.chat(c, "m1", "count", h.recorder(), cancel), r -> Thread.ofVirtual().start(r));

        await().atMost(Duration.ofSeconds(5)).until(() -> h.events.stream().anyMatch(e -> e instanceof AgentEvent.TextDelta));
        cancel.cancel();
        TurnOutcome outcome = turn.orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(outcome.status()).isEqualTo(MessageStatus.STOPPED);
        assertThat(outcome.text()).startsWith("one ").doesNotContain("eight");
        h.server.awaitClientAborts(1, Duration.ofSeconds(5));
        assertThat(h.store.message(outcome.assistantMessageId()).orElseThrow().status()).isEqualTo(MessageStatus.STOPPED);
    }

    @Test
    void aReplyInProgressIsCheckpointedToTheStore() {
        h.server.enqueue(Script.text("a", "b", "c", "d", "e", "f", "g", "h").chunkDelay(Duration.ofMillis(150)));
        String c = h.newConversation();
        CompletableFuture<TurnOutcome> turn = CompletableFuture.supplyAsync(
                () -> h.agent.chat(c, "m1", "letters", h.recorder(), CancelSignal.none()), r -> Thread.ofVirtual().start(r));

        await().atMost(Duration.ofSeconds(5)).until(() -> history(c).stream().anyMatch(
                m -> m.role() == Role.ASSISTANT && m.status() == MessageStatus.STREAMING && !m.content().isEmpty()));
        TurnOutcome outcome = turn.orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(history(c)).filteredOn(m -> m.role() == Role.ASSISTANT).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo(outcome.assistantMessageId());
            assertThat(m.content()).isEqualTo("abcdefgh");
            assertThat(m.status()).isEqualTo(MessageStatus.COMPLETE);
            assertThat(m.replyTo()).contains(history(c).getFirst().id());
        });
    }

    @Test
    void anUnknownToolBecomesAFailureWithAHintForTheModel() {
        h.server.enqueue(Script.toolCall("call_1", "read_fil", "{\"path\":\"x\"}"), Script.text("sorry"));
        String c = h.newConversation();
        h.agent.chat(c, "m1", "read x", h.recorder(), CancelSignal.none());
        assertThat(history(c)).filteredOn(m -> m.role() == Role.TOOL).singleElement()
                .satisfies(m -> assertThat(m.status()).isEqualTo(MessageStatus.FAILED));

        h.server.takeRequest(Duration.ofSeconds(1));
        List<ChatMessage> second = h.server.takeRequest(Duration.ofSeconds(1)).requireChat().messages();
        assertThat(second).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(ChatMessage.ToolResult.class,
                r -> assertThat(r.content()).contains("no tool named 'read_fil'").contains("Did you mean 'read_file'?")));
    }

    @Test
    void toolLoopsStopAtMaxIterations() {
        h.server.defaultScript(Script.toolCall("call_x", "list_dir", "{}"));
        TurnOutcome outcome = h.agent.chat(h.newConversation(), "m1", "loop", h.recorder(), CancelSignal.none());

        assertThat(h.server.requests()).hasSize(5);
        assertThat(outcome.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(outcome.text()).contains("stopped after 5 model calls").contains("agent.max-iterations");
    }

    @Test
    void aModelThatIsDownGivesOneClearSentenceAndAFailedMessage() {
        h.server.defaultScript(Script.error(401, "Invalid API key"));
        String c = h.newConversation();
        TurnOutcome outcome = h.agent.chat(c, "m1", "hi", h.recorder(), CancelSignal.none());

        assertThat(outcome.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(h.events.getLast()).isInstanceOfSatisfying(AgentEvent.TurnFailed.class, f -> {
            assertThat(f.code()).isEqualTo("model_rejected");
            assertThat(f.retriable()).isFalse();
            assertThat(f.message()).contains(h.server.baseUrl()).doesNotContain("Exception").doesNotContain("\tat ");
        });
        assertThat(history(c).getLast().status()).isEqualTo(MessageStatus.FAILED);
        assertThat(history(c).getLast().replyTo()).contains(history(c).getFirst().id());
    }

    @Test
    void aSecondTurnInTheSameConversationWhileOneRunsIsRefused() {
        h.server.enqueue(Script.text("slow", "reply").chunkDelay(Duration.ofMillis(500)));
        String c = h.newConversation();
        CompletableFuture<TurnOutcome> turn = CompletableFuture.supplyAsync(
                () -> h.agent.chat(c, "m1", "first", h.recorder(), CancelSignal.none()), r -> Thread.ofVirtual().start(r));
        await().atMost(Duration.ofSeconds(5)).until(() -> !h.events.isEmpty());

        assertThatThrownBy(() -> h.agent.chat(c, "m2", "second", AgentListener.NONE, CancelSignal.none()))
                .isInstanceOf(AgentException.Busy.class).hasMessageContaining(c);
        assertThat(turn.orTimeout(10, TimeUnit.SECONDS).join().text()).isEqualTo("slowreply");
    }

    @Test
    void aLaterQueuedMessageIsNotInTheContextOfTheReplyBeingWritten() {
        h.server.enqueue(Script.text("answer one"));
        String c = h.newConversation();
        long first = h.store.appendUserMessage(c, "m1", "first question").message().id();
        h.store.appendUserMessage(c, "m2", "second question, sent while the first was queued");

        TurnOutcome outcome = h.agent.runTurn(c, first, h.recorder(), CancelSignal.none());

        List<ChatMessage> sent = h.server.takeRequest(Duration.ofSeconds(1)).requireChat().messages();
        assertThat(sent.getLast()).isEqualTo(new ChatMessage.User("first question"));
        assertThat(sent).noneMatch(m -> m instanceof ChatMessage.User u && u.text().startsWith("second"));
        assertThat(outcome.status()).isEqualTo(MessageStatus.COMPLETE);
    }

    @Test
    void aRetriableFailureBeforeTheLastAttemptIsGivenBackAndTheRetryStartsClean() {
        h.server.enqueue(Script.error(503, "overloaded"), Script.text("Hello again"));
        String c = h.newConversation();
        long question = h.store.appendUserMessage(c, "m1", "hi").message().id();

        TurnOutcome attempt = h.agent.runTurn(c, question, h.recorder(), CancelSignal.none(), false);

        assertThat(attempt.status()).isEqualTo(MessageStatus.INTERRUPTED);
        assertThat(h.events.getLast()).isInstanceOfSatisfying(AgentEvent.AttemptFailed.class, f -> {
            assertThat(f.code()).isEqualTo("model_server_error");
            assertThat(f.message()).contains(h.server.baseUrl());
        });
        assertThat(history(c)).extracting(StoredMessage::status).doesNotContain(MessageStatus.FAILED);

        TurnOutcome retry = h.agent.runTurn(c, question, h.recorder(), CancelSignal.none(), true);

        assertThat(retry.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(history(c)).extracting(StoredMessage::content).containsExactly("hi", "Hello again");
    }

    @Test
    void aRetriableFailureOnTheLastAttemptFailsTheTurn() {
        h.server.enqueue(Script.error(503, "overloaded"));
        String c = h.newConversation();
        long question = h.store.appendUserMessage(c, "m1", "hi").message().id();

        TurnOutcome outcome = h.agent.runTurn(c, question, h.recorder(), CancelSignal.none(), true);

        assertThat(outcome.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(h.events.getLast()).isInstanceOfSatisfying(AgentEvent.TurnFailed.class,
                f -> assertThat(f.retriable()).isTrue());
    }

    @Test
    void aReplyStoredAfterALaterQuestionIsShownToTheModelInTurnOrder() {
        h.server.enqueue(Script.text("answer two"));
        String c = h.newConversation();
        h.store.appendUserMessage(c, "m1", "question one");
        long second = h.store.appendUserMessage(c, "m2", "question two").message().id(); // queued meanwhile
        h.store.appendMessage(NewMessage.assistant(c, "answer one", List.of(), MessageStatus.COMPLETE));

        h.agent.runTurn(c, second, h.recorder(), CancelSignal.none());

        List<ChatMessage> sent = h.server.takeRequest(Duration.ofSeconds(1)).requireChat().messages();
        assertThat(sent.subList(1, sent.size())).containsExactly(new ChatMessage.User("question one"),
                new ChatMessage.Assistant("answer one", List.of()), new ChatMessage.User("question two"));
    }

    @Test
    void answeringAQuestionAgainLeavesItsEarlierAnswerOutOfTheContext() {
        h.server.enqueue(Script.text("first answer"), Script.text("second answer"));
        String c = h.newConversation();
        long question = h.store.appendUserMessage(c, "m1", "name a colour").message().id();
        h.agent.runTurn(c, question, h.recorder(), CancelSignal.none());
        h.server.takeRequest(Duration.ofSeconds(1));

        h.agent.runTurn(c, question, h.recorder(), CancelSignal.none()); // the user asked for another answer

        List<ChatMessage> sent = h.server.takeRequest(Duration.ofSeconds(1)).requireChat().messages();
        assertThat(sent.subList(1, sent.size())).containsExactly(new ChatMessage.User("name a colour"));
    }

    @Test
    void laterTurnsSeeOnlyTheNewestAnswerOfAQuestionAnsweredAgain() {
        h.server.enqueue(Script.text("answer two"));
        String c = h.newConversation();
        long first = h.store.appendUserMessage(c, "m1", "question one").message().id();
        h.store.appendMessage(NewMessage.assistant(c, "stopped answer", List.of(), MessageStatus.STOPPED)
                .replyingTo(first));
        h.store.appendMessage(NewMessage.assistant(c, "", List.of(
                new ToolCall("call-1", "read_file", "{\"path\":\"a.md\"}")), MessageStatus.COMPLETE)
                .replyingTo(first));
        h.store.appendMessage(NewMessage.toolResult(c, "call-1", "read_file", "text of a.md")
                .replyingTo(first));
        h.store.appendMessage(NewMessage.assistant(c, "newest answer", List.of(), MessageStatus.COMPLETE)
                .replyingTo(first));
        long second = h.store.appendUserMessage(c, "m2", "question two").message().id();

        h.agent.runTurn(c, second, h.recorder(), CancelSignal.none());

        List<ChatMessage> sent = h.server.takeRequest(Duration.ofSeconds(1)).requireChat().messages();
        assertThat(sent.subList(1, sent.size())).containsExactly(new ChatMessage.User("question one"),
                new ChatMessage.Assistant("", List.of(new ToolCall("call-1", "read_file",
                        "{\"path\":\"a.md\"}"))),
                new ChatMessage.ToolResult("call-1", "read_file", "text of a.md", false),
                new ChatMessage.Assistant("newest answer", List.of()), new ChatMessage.User("question two"));
    }

    @Test
    void aFailedAttemptsToolResultsStayInTheContextOfItsRetry() {
        h.server.enqueue(Script.text("done"));
        String c = h.newConversation();
        long question = h.store.appendUserMessage(c, "m1", "tidy up").message().id();
        h.store.appendMessage(NewMessage.assistant(c, "", List.of(
                new ToolCall("call-1", "exec", "{}")), MessageStatus.COMPLETE).replyingTo(question));
        h.store.appendMessage(NewMessage.toolResult(c, "call-1", "exec", "removed 3 files")
                .replyingTo(question));
        h.store.appendMessage(NewMessage.assistant(c, "The model failed.", List.of(),
                MessageStatus.FAILED).replyingTo(question));

        h.agent.runTurn(c, question, h.recorder(), CancelSignal.none()); // retry after the failure

        List<ChatMessage> sent = h.server.takeRequest(Duration.ofSeconds(1)).requireChat().messages();
        assertThat(sent.subList(1, sent.size())).containsExactly(new ChatMessage.User("tidy up"),
                new ChatMessage.Assistant("", List.of(new ToolCall("call-1", "exec", "{}"))),
                new ChatMessage.ToolResult("call-1", "exec", "removed 3 files", false));
    }
}
