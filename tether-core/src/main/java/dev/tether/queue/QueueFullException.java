package dev.tether.queue;

import java.time.Duration;

/** The queue holds its maximum of open jobs; the caller should try again after {@link #retryAfter()}. */
public final class QueueFullException extends RuntimeException {
    private final Duration retryAfter;
    private final int capacity;

    public QueueFullException(int capacity, Duration retryAfter) {
        super("The server is busy: " + capacity + " replies are already queued (queue.max-queued). Try again in "
                + Math.max(1, retryAfter.toSeconds()) + " s.");
        this.capacity = capacity;
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public int capacity() {
        return capacity;
    }
}
