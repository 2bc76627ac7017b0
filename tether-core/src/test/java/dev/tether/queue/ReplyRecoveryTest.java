package dev.tether.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.api.model.ToolCall;
import dev.tether.store.Lane;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.store.NewUserMessage;
import dev.tether.store.StoredJob;
import dev.tether.store.StoredMessage;
import dev.tether.store.sqlite.SqliteConversationStore;
import dev.tether.store.sqlite.SqliteOptions;
import dev.tether.testkit.store.TestClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crash-recovery policy, on what a crash leaves in a real SQLite store. */
class ReplyRecoveryTest {
    private static final int MAX_ATTEMPTS = 3;
    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private SqliteConversationStore store;
    private String c;

    @BeforeEach
    void open() {
        store = SqliteConversationStore.open(dir.resolve("tether.db"), SqliteOptions.defaults().withClock(clock));
        c = store.createConversation("ada", "Chat").id();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private StoredJob submit(String text) {
        return store.submitUserMessage(c, text, text, Lane.INTERACTIVE).job().orElseThrow();
    }

    private StoredMessage assistant(String text, MessageStatus status) {
        return store.appendMessage(NewMessage.assistant(c, text, List.of(), status));
    }

    private ReplyRecovery.Report recover() {
        return ReplyRecovery.run(store, store, MAX_ATTEMPTS, clock);
    }

    private List<StoredMessage> messages() {
        return store.messagesAfter(c, 0, 100);
    }

    @Test
    void aReplyCutOffMidTextIsMarkedInterruptedAndRunAgain() {
        StoredJob job = submit("Tell me a story");
        StoredMessage partial = assistant("Once upon a", MessageStatus.STREAMING);

        ReplyRecovery.Report report = recover();

        assertThat(report.interruptedMessages()).isEqualTo(1);
        assertThat(report.rerun()).containsExactly(job.userMessageId());
        assertThat(store.message(partial.id())).hasValueSatisfying(m -> {
            assertThat(m.status()).isEqualTo(MessageStatus.INTERRUPTED);
            assertThat(m.content()).isEqualTo("Once upon a");
        });
        assertThat(store.openJobs()).singleElement().satisfies(j -> {
            assertThat(j.id()).isEqualTo(job.id());
            assertThat(j.attempts()).isEqualTo(1);
        });
    }

    @Test
    void aReplyInterruptedMoreOftenThanTheModelAttemptsIsStillRunAgain() {
        StoredJob job = submit("Hi");
        store.reschedule(job.id(), MAX_ATTEMPTS, clock.instant(), "interrupted by a server restart");
        assistant("Hel", MessageStatus.STREAMING);

        ReplyRecovery.Report report = recover();

        assertThat(report.rerun()).containsExactly(job.userMessageId());
        assertThat(store.openJobs()).singleElement().satisfies(j -> assertThat(j.attempts()).isEqualTo(MAX_ATTEMPTS + 1));
    }

    @Test
    void aReplyThatHadNotStartedStaysQueuedUntouched() {
        StoredJob first = submit("one");
        StoredJob second = submit("two");

        ReplyRecovery.Report report = recover();

        assertThat(report.nothing()).isTrue();
        assertThat(store.openJobs()).containsExactly(first, second);
    }

    @Test
    void aReplyThatHadRunAToolIsNotRunAgainButOffersARetry() {
        StoredJob job = submit("Delete the temp files");
        store.appendMessage(NewMessage.assistant(c, "", List.of(new ToolCall("call-1", "exec", "{\"cmd\":\"rm\"}")),
                MessageStatus.COMPLETE));
        store.appendMessage(NewMessage.toolResult(c, "call-1", "exec", "done"));
        assistant("I removed", MessageStatus.STREAMING);

        ReplyRecovery.Report report = recover();

        assertThat(report.offeredRetry()).containsExactly(job.userMessageId());
        assertThat(store.openJobs()).isEmpty();
        assertThat(messages().getLast()).satisfies(m -> {
            assertThat(m.status()).isEqualTo(MessageStatus.FAILED);
            assertThat(m.content()).isEqualTo(ReplyRecovery.TOOL_NOTE);
        });
    }

    @Test
    void aReplyAlreadyStoredInFullIsClosedNotRunAgain() {
        StoredJob job = submit("Hi");
        assistant("Hello!", MessageStatus.COMPLETE);

        ReplyRecovery.Report report = recover();

        assertThat(report.closed()).containsExactly(job.userMessageId());
        assertThat(store.openJobs()).isEmpty();
        assertThat(messages()).hasSize(2);
    }

    @Test
    void aReplyInterruptedOnItsLastAttemptOffersARetryInsteadOfLooping() {
        StoredJob job = submit("Hi");
        store.reschedule(job.id(), ReplyRecovery.MAX_RESTARTS - 1, clock.instant(), "interrupted by a server restart");
        assistant("Hel", MessageStatus.STREAMING);

        ReplyRecovery.Report report = recover();

        assertThat(report.offeredRetry()).containsExactly(job.userMessageId());
        assertThat(store.openJobs()).isEmpty();
        assertThat(messages().getLast().content()).isEqualTo(ReplyRecovery.ATTEMPTS_NOTE);
    }

    @Test
    void aLaterQueuedMessageIsNotMistakenForAStartedReply() {
        StoredJob first = submit("one");
        store.appendMessage(NewMessage.assistant(c, "", List.of(new ToolCall("call-1", "exec", "{}")),
                MessageStatus.COMPLETE));
        StoredJob second = submit("two"); // queued behind the first while its tool ran

        ReplyRecovery.Report report = recover();

        assertThat(report.offeredRetry()).containsExactly(first.userMessageId());
        assertThat(report.rerun()).isEmpty();
        assertThat(store.openJobs()).containsExactly(second);
        assertThat(store.openReply(second.userMessageId())).map(StoredJob::attempts).contains(0);
        assertThat(Optional.of(messages().getLast().content())).contains(ReplyRecovery.TOOL_NOTE);
    }

    @Test
    void aQueuedMessageIsNotTakenAsAnsweredByTheEarlierReplyStoredAfterIt() {
        StoredJob first = submit("one");
        StoredJob second = submit("two"); // queued while the first reply ran, so stored before that reply
        assistant("Answer to one", MessageStatus.COMPLETE);
        store.finish(first.id()); // the first reply finished; then the server was killed
        assistant("Answer to tw", MessageStatus.STREAMING);

        assertRunAgainOnce(recover(), second.userMessageId());
    }

    /** Recovery put the reply to {@code userMessageId} back in the queue, counting the restart, and closed none. */
    private void assertRunAgainOnce(ReplyRecovery.Report report, long userMessageId) {
        assertThat(report.closed()).isEmpty();
        assertThat(report.rerun()).containsExactly(userMessageId);
        assertThat(store.openJobs()).singleElement().satisfies(j -> assertThat(j.attempts()).isEqualTo(1));
    }

    @Test
    void aQueuedMessageThatNeverStartedIsNotCountedAsStartedByAnEarlierReply() {
        StoredJob first = submit("one");
        StoredJob second = submit("two");
        assistant("Answer to o", MessageStatus.STREAMING); // the first reply, cut off

        ReplyRecovery.Report report = recover();

        assertThat(report.rerun()).containsExactly(first.userMessageId());
        assertThat(store.openReply(second.userMessageId())).map(StoredJob::attempts).contains(0);
    }

    /** The question is answered once ({@code first}), then the user asks for another answer. */
    private StoredJob answeredThenAskedAgain(MessageStatus first) {
        StoredJob job = submit("Name a colour");
        StoredMessage answer = store.appendMessage(NewMessage.assistant(c, "Blue", List.of(), first)
                .replyingTo(job.userMessageId()));
        store.finish(job.id());
        return store.enqueue(ReplyJobs.again(c, job.userMessageId(), Lane.INTERACTIVE, answer.id()));
    }

    @Test
    void aRetryQueuedAfterAFailedReplyStaysQueuedInsteadOfBeingTakenForAnswered() {
        StoredJob again = answeredThenAskedAgain(MessageStatus.FAILED);

        ReplyRecovery.Report report = recover();

        assertThat(report.nothing()).isTrue();
        assertThat(store.openJobs()).containsExactly(again);
    }

    @Test
    void aNewAnswerCutOffMidTextIsRunAgainNotClosedByTheAnswerItReplaces() {
        StoredJob again = answeredThenAskedAgain(MessageStatus.COMPLETE);
        store.appendMessage(NewMessage.assistant(c, "Gre", List.of(), MessageStatus.STREAMING)
                .replyingTo(again.userMessageId()));

        assertRunAgainOnce(recover(), again.userMessageId());
    }

    @Test
    void aNewAnswerStoredInFullIsClosed() {
        StoredJob again = answeredThenAskedAgain(MessageStatus.STOPPED);
        store.appendMessage(NewMessage.assistant(c, "Green", List.of(), MessageStatus.COMPLETE)
                .replyingTo(again.userMessageId()));

        ReplyRecovery.Report report = recover();

        assertThat(report.closed()).containsExactly(again.userMessageId());
        assertThat(store.openJobs()).isEmpty();
    }

    /** A question answered (its job finished), then edited: returns the edit's reply job. */
    private StoredJob answeredThenEdited() {
        StoredJob asked = submit("Wht is 2+2?");
        store.appendMessage(NewMessage.assistant(c, "Did you mean 2+2?", List.of(), MessageStatus.COMPLETE)
                .replyingTo(asked.userMessageId()));
        store.finish(asked.id());
        return store.submitUserMessage(new NewUserMessage(c, "edit", "What is 2+2?",
                Optional.of(asked.userMessageId())), Lane.INTERACTIVE).job().orElseThrow();
    }

    @Test
    void anEditedQuestionsReplyThatHadNotStartedRunsAsQueuedNotClosedByTheReplacedAnswer() {
        StoredJob edit = answeredThenEdited();

        ReplyRecovery.Report report = recover();

        assertThat(report.nothing()).isTrue();
        assertThat(store.openJobs()).containsExactly(edit);
    }

    @Test
    void anEditedQuestionsReplyCutOffMidTextIsRunAgain() {
        StoredJob edit = answeredThenEdited();
        store.appendMessage(NewMessage.assistant(c, "It is", List.of(), MessageStatus.STREAMING)
                .replyingTo(edit.userMessageId()));

        ReplyRecovery.Report report = recover();

        assertThat(report.rerun()).containsExactly(edit.userMessageId());
        assertThat(report.closed()).isEmpty();
        assertThat(store.openJobs()).singleElement().satisfies(j -> assertThat(j.id()).isEqualTo(edit.id()));
    }
}
