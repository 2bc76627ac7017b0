package dev.tether.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable half of the work queue: open jobs survive a crash. Which job runs next, and on which worker, is
 * decided by the queue in memory ({@code dev.tether.queue}); this store only makes the queue's state durable.
 * Same rules as {@link ConversationStore}: writes are durable when they return, thread-safe, failures are
 * {@link StoreException}s.
 */
public interface JobStore {

    /**
     * Stores a user message exactly once per {@code (conversationId, clientMessageId)} and, in the same
     * transaction, a {@link NewJob#reply reply job} for it, so an acknowledged message always has its reply
     * queued. A duplicate stores nothing and returns the first message with its job if still open.
     */
    default Submitted submitUserMessage(String conversationId, String clientMessageId, String text, Lane lane) {
        return submitUserMessage(new NewUserMessage(conversationId, clientMessageId, text), lane);
    }

    /**
     * Like {@link #submitUserMessage(String, String, String, Lane)}, for a message that may edit a question
     * ({@link NewUserMessage#replaces()}). The duplicate check comes first: a repeated submit returns the first
     * message even if it could not be submitted now. Then, in the same transaction, under the conversation's lock,
     * an edit is checked: the question it replaces must be a user message of the conversation, its last one, with
     * no open reply job (none running, queued or waiting to be retried); else nothing is stored.
     *
     * @throws StoreException.EditRefused naming the reason, when the edit is not allowed
     * @throws StoreException.NotFound if the conversation does not exist
     */
    Submitted submitUserMessage(NewUserMessage message, Lane lane);

    /**
     * Queues a job. A reply job for a user message that already has an open one returns that one instead (so a
     * retry clicked twice queues one reply).
     *
     * @throws StoreException.NotFound if the job names a conversation or user message that does not exist
     */
    StoredJob enqueue(NewJob job);

    /** Removes a job that finished; unknown ids are ignored (finishing twice is harmless). */
    void finish(long jobId);

    /** Gives a job back to the queue: counts the attempt, records why, and holds it until {@code notBefore}. */
    void reschedule(long jobId, int attempts, Instant notBefore, String lastError);

    /** Every open job, oldest first (read at start to rebuild the queue). */
    List<StoredJob> openJobs();

    /** The open reply job for a user message, if any. */
    Optional<StoredJob> openReply(long userMessageId);

    /**
     * Marks every assistant message still {@link MessageStatus#STREAMING} as {@link MessageStatus#INTERRUPTED}
     * (keeping its text) and returns them as they are now. Called once at start: nothing is streaming then, so
     * any such message was cut off by a crash.
     */
    List<StoredMessage> interruptStreaming();
}
