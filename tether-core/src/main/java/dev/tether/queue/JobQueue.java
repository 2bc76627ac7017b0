package dev.tether.queue;

import dev.tether.store.Lane;
import dev.tether.store.NewJob;
import dev.tether.store.NewUserMessage;
import dev.tether.store.StoredJob;
import dev.tether.store.Submitted;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one producer-consumer queue all work goes through: replies to user messages from every channel, and
 * background work. Producers {@link #submit} or {@link #enqueue}; the job is durable when the call returns.
 * Consumers (workers on virtual threads; as many as the global concurrency limit) {@link #take} a job, run it,
 * and report {@link #done} or {@link #retryLater}.
 *
 * <p>Rules every implementation keeps: jobs with the same key (a conversation) run one at a time and in
 * order; different keys run in parallel; {@link Lane#INTERACTIVE} jobs go first but {@link Lane#BACKGROUND}
 * jobs get a share, so neither starves; at most {@code capacity} jobs are open (queued or running), beyond
 * that producers get a {@link QueueFullException}; open jobs survive a crash and run after the restart.
 *
 * <p>{@link LocalJobQueue} keeps the schedule in memory over a {@link dev.tether.store.JobStore} (one
 * server). A cluster implementation (Redis Streams: one stream per lane, consumer groups, XAUTOCLAIM for jobs
 * of dead workers, a per-key lock) fits the same interface.
 */
public interface JobQueue extends AutoCloseable {

    /** Called with a stored message before its reply job can start; {@code ahead} counts jobs before it in its key. */
    interface OnStored {
        void accept(Submitted submitted, int ahead);
    }

    /**
     * Stores a user message and its reply job durably (once per client message id). {@code onStored} runs
     * before any worker can take the job (publish the message there, so it is seen before its reply starts); it
     * does not run for a duplicate.
     *
     * @throws QueueFullException when the queue is full; nothing is stored
     */
    default Submitted submit(String conversationId, String clientMessageId, String text, Lane lane,
                             OnStored onStored) {
        return submit(new NewUserMessage(conversationId, clientMessageId, text), lane, onStored);
    }

    /**
     * Like {@link #submit(String, String, String, Lane, OnStored)}, for a message that may edit the conversation's
     * last question ({@link NewUserMessage#replaces()}, checked by
     * {@link dev.tether.store.JobStore#submitUserMessage(NewUserMessage, Lane)}).
     *
     * @throws QueueFullException when the queue is full; nothing is stored
     * @throws dev.tether.store.StoreException.EditRefused when the edit is not allowed; nothing is stored
     */
    Submitted submit(NewUserMessage message, Lane lane, OnStored onStored);

    /**
     * Queues a job (a retry of a reply, background work). A reply for a message that already has an open one
     * returns that one.
     *
     * @throws QueueFullException when the queue is full
     */
    StoredJob enqueue(NewJob job);

    /** Waits for the next job that may run, and marks it running. */
    StoredJob take() throws InterruptedException;

    /** The job has finished (well or not): it leaves the queue, and the next of its key may run. */
    void done(StoredJob job);

    /** The job gives up this attempt: it goes back to the head of its key and may run again after {@code delay}. */
    StoredJob retryLater(StoredJob job, Duration delay, String reason);

    /**
     * Cancels the job at the head of {@code key} if it is waiting for a delayed retry (not running, not yet
     * due): it is deleted, and the jobs behind it move up. Returns it, or empty when there was none.
     */
    Optional<StoredJob> cancelDelayed(String key);

    /**
     * Drops every job of the conversation that is not running, whatever its key (its replies, and background work
     * about it): they are deleted from the store and the queue, and free their places. A running job is left to
     * finish ({@link #done}) as usual. Returns the dropped jobs, in no particular order.
     */
    List<StoredJob> cancelConversation(String conversationId);

    /** The jobs of {@code key} not yet running, in the order they will run. */
    List<StoredJob> waiting(String key);

    /** The keys that have jobs not yet running (after a restart: the conversations with recovered replies). */
    Set<String> waitingKeys();

    /** Counts for health and metrics. */
    Stats stats();

    /** Open jobs by state; {@code capacity} is the configured maximum of open jobs. */
    record Stats(int queuedInteractive, int queuedBackground, int running, int capacity, long completed) {
        public int open() {
            return queuedInteractive + queuedBackground + running;
        }
    }

    /** Wakes waiting workers with {@link InterruptedException}-free empty hands: {@link #take} then throws {@link Closed}. */
    @Override
    void close();

    /** Thrown by {@link #take} once the queue is closed. */
    final class Closed extends RuntimeException {
        public Closed() {
            super("The job queue is closed.");
        }
    }
}
