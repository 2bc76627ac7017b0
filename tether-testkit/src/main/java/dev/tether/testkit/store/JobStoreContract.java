package dev.tether.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.store.JobStore;
import dev.tether.store.Lane;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewJob;
import dev.tether.store.NewMessage;
import dev.tether.store.StoreException;
import dev.tether.store.StoredJob;
import dev.tether.store.StoredMessage;
import dev.tether.store.Submitted;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link JobStore} must have: a user message and its reply job are stored together and
 * exactly once, open jobs survive a restart in order, and replies cut off by a crash can be found. An
 * implementation's test extends this class and says how to open a fresh store and reopen the same database.
 * The store must implement both {@link ConversationStore} and {@link JobStore} and take its time from
 * {@link #clock}.
 */
public abstract class JobStoreContract {
    protected final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private ConversationStore conversations;
    private JobStore jobs;

    /** A store on a new, empty database, using {@link #clock}. */
    protected abstract ConversationStore openStore();

    /** A new store on the same database as the last {@link #openStore()}; the old one is already closed. */
    protected abstract ConversationStore reopenStore();

    @BeforeEach
    void openFreshStore() {
        use(openStore());
    }

    @AfterEach
    void closeStore() {
        conversations.close();
    }

    private void use(ConversationStore store) {
        conversations = store;
        jobs = (JobStore) store;
    }

    private void restart() {
        conversations.close();
        use(reopenStore());
    }

    private String conversation() {
        Conversation c = conversations.createConversation("ada", "Chat");
        return c.id();
    }

    @Test
    void aSubmittedMessageIsStoredWithItsReplyJob() {
        String c = conversation();

        Submitted s = jobs.submitUserMessage(c, "m1", "Hello", Lane.INTERACTIVE);

        assertThat(s.duplicate()).isFalse();
        assertThat(s.message().content()).isEqualTo("Hello");
        assertThat(s.job()).hasValueSatisfying(j -> {
            assertThat(j.kind()).isEqualTo(NewJob.REPLY);
            assertThat(j.key()).isEqualTo(c);
            assertThat(j.conversationId()).contains(c);
            assertThat(j.userMessageId()).isEqualTo(s.message().id());
            assertThat(j.lane()).isEqualTo(Lane.INTERACTIVE);
            assertThat(j.attempts()).isZero();
        });
        assertThat(jobs.openJobs()).containsExactly(s.job().get());
        assertThat(conversations.message(s.message().id())).contains(s.message());
    }

    @Test
    void aRepeatedSubmitStoresNothingAndReturnsTheFirstMessageAndItsJob() {
        String c = conversation();
        Submitted first = jobs.submitUserMessage(c, "m1", "Hello", Lane.INTERACTIVE);

        Submitted again = jobs.submitUserMessage(c, "m1", "Hello (resent)", Lane.INTERACTIVE);

        assertThat(again.duplicate()).isTrue();
        assertThat(again.message()).isEqualTo(first.message());
        assertThat(again.job()).isEqualTo(first.job());
        assertThat(jobs.openJobs()).hasSize(1);
    }

    @Test
    void aRepeatedSubmitAfterTheReplyFinishedReturnsNoJob() {
        String c = conversation();
        Submitted first = jobs.submitUserMessage(c, "m1", "Hello", Lane.INTERACTIVE);
        jobs.finish(first.job().orElseThrow().id());

        Submitted again = jobs.submitUserMessage(c, "m1", "Hello", Lane.INTERACTIVE);

        assertThat(again.duplicate()).isTrue();
        assertThat(again.job()).isEmpty();
        assertThat(jobs.openJobs()).isEmpty();
    }

    @Test
    void concurrentSubmitsOfOneClientIdStoreOneMessageAndOneJob() throws Exception {
        String c = conversation();

        List<Submitted> results = Concurrently.run(8, i -> jobs.submitUserMessage(c, "same", "Hi", Lane.INTERACTIVE));

        assertThat(results).extracting(Submitted::duplicate).containsOnlyOnce(false);
        assertThat(results).extracting(s -> s.message().id()).containsOnly(results.getFirst().message().id());
        assertThat(jobs.openJobs()).hasSize(1);
    }

    @Test
    void submittingToAnUnknownConversationFailsAndQueuesNothing() {
        assertThatThrownBy(() -> jobs.submitUserMessage("nope", "m1", "Hi", Lane.INTERACTIVE))
                .isInstanceOf(StoreException.NotFound.class).hasMessageContaining("nope");
        assertThat(jobs.openJobs()).isEmpty();
    }

    @Test
    void openJobsSurviveARestartOldestFirstWithTheirRetryState() {
        String a = conversation();
        String b = conversation();
        Submitted first = jobs.submitUserMessage(a, "m1", "one", Lane.INTERACTIVE);
        Submitted second = jobs.submitUserMessage(b, "m1", "two", Lane.INTERACTIVE);
        StoredJob background = jobs.enqueue(new NewJob("memory", Lane.BACKGROUND, "memory.consolidate",
                Optional.of(a), 0, "{\"upTo\":5}"));
        Instant later = clock.instant().plus(Duration.ofSeconds(5));
        jobs.reschedule(second.job().orElseThrow().id(), 2, later, "model_unreachable: connection refused");

        restart();

        List<StoredJob> open = jobs.openJobs();
        assertThat(open).extracting(StoredJob::id)
                .containsExactly(first.job().get().id(), second.job().get().id(), background.id());
        assertThat(open.get(1).attempts()).isEqualTo(2);
        assertThat(open.get(1).notBefore()).isEqualTo(later);
        assertThat(open.get(1).lastError()).contains("model_unreachable: connection refused");
        assertThat(open.get(2)).isEqualTo(background);
    }

    @Test
    void finishingRemovesTheJobAndFinishingTwiceIsHarmless() {
        String c = conversation();
        StoredJob job = jobs.submitUserMessage(c, "m1", "Hi", Lane.INTERACTIVE).job().orElseThrow();

        jobs.finish(job.id());
        jobs.finish(job.id());

        assertThat(jobs.openJobs()).isEmpty();
        assertThat(jobs.openReply(job.userMessageId())).isEmpty();
    }

    @Test
    void reschedulingAFinishedJobSaysSo() {
        String c = conversation();
        StoredJob job = jobs.submitUserMessage(c, "m1", "Hi", Lane.INTERACTIVE).job().orElseThrow();
        jobs.finish(job.id());

        assertThatThrownBy(() -> jobs.reschedule(job.id(), 1, clock.instant(), "x"))
                .isInstanceOf(StoreException.NotFound.class).hasMessageContaining(String.valueOf(job.id()));
    }

    @Test
    void queueingAReplyForAMessageWithAnOpenReplyReturnsThatOne() {
        String c = conversation();
        StoredJob open = jobs.submitUserMessage(c, "m1", "Hi", Lane.INTERACTIVE).job().orElseThrow();

        StoredJob again = jobs.enqueue(NewJob.reply(c, open.userMessageId(), Lane.INTERACTIVE));

        assertThat(again).isEqualTo(open);
        assertThat(jobs.openJobs()).hasSize(1);
    }

    @Test
    void aFinishedReplyCanBeQueuedAgainAsARetry() {
        String c = conversation();
        StoredJob first = jobs.submitUserMessage(c, "m1", "Hi", Lane.INTERACTIVE).job().orElseThrow();
        jobs.finish(first.id());

        StoredJob retry = jobs.enqueue(NewJob.reply(c, first.userMessageId(), Lane.INTERACTIVE));

        assertThat(retry.id()).isGreaterThan(first.id());
        assertThat(jobs.openReply(first.userMessageId())).contains(retry);
    }

    @Test
    void onlyUserMessagesOfTheConversationCanBeAnswered() {
        String c = conversation();
        String other = conversation();
        StoredMessage reply = conversations.appendMessage(NewMessage.assistant(c, "Hi", List.of(),
                MessageStatus.COMPLETE));
        long user = jobs.submitUserMessage(other, "m1", "Hi", Lane.INTERACTIVE).message().id();

        assertThatThrownBy(() -> jobs.enqueue(NewJob.reply(c, reply.id(), Lane.INTERACTIVE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only user messages");
        assertThatThrownBy(() -> jobs.enqueue(NewJob.reply(c, user, Lane.INTERACTIVE)))
                .isInstanceOf(StoreException.NotFound.class).hasMessageContaining(String.valueOf(user));
        assertThatThrownBy(() -> jobs.enqueue(NewJob.reply(c, 999_999, Lane.INTERACTIVE)))
                .isInstanceOf(StoreException.NotFound.class).hasMessageContaining("999999");
    }

    @Test
    void streamingRepliesAreMarkedInterruptedKeepingTheirText() {
        String c = conversation();
        StoredMessage streaming = conversations.appendMessage(NewMessage.assistant(c, "Half a sent", List.of(),
                MessageStatus.STREAMING));
        StoredMessage done = conversations.appendMessage(NewMessage.assistant(c, "Done.", List.of(),
                MessageStatus.COMPLETE));
        restart();

        List<StoredMessage> interrupted = jobs.interruptStreaming();

        assertThat(interrupted).extracting(StoredMessage::id).containsExactly(streaming.id());
        assertThat(interrupted.getFirst().status()).isEqualTo(MessageStatus.INTERRUPTED);
        assertThat(conversations.message(streaming.id())).hasValueSatisfying(m -> {
            assertThat(m.status()).isEqualTo(MessageStatus.INTERRUPTED);
            assertThat(m.content()).isEqualTo("Half a sent");
        });
        assertThat(conversations.message(done.id())).map(StoredMessage::status).contains(MessageStatus.COMPLETE);
        assertThat(jobs.interruptStreaming()).isEmpty();
    }
}
