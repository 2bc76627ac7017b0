package dev.tether.config;

import java.time.Duration;

/**
 * The {@code queue} section: the durable work queue every message goes through.
 *
 * @param maxQueued open jobs (queued or running) before producers are told to come back later
 * @param concurrency replies (and background jobs) running at once, across all conversations
 * @param retryDelay wait before running a reply again after a retriable model failure
 * @param maxAttempts attempts a reply may use (model failures and restarts) before the user must retry it
 * @param drainDeadline on SIGTERM, how long running replies may take to finish before they are checkpointed
 */
public record QueueConfig(int maxQueued, int concurrency, Duration retryDelay, int maxAttempts,
                          Duration drainDeadline) {
    public QueueConfig {
        Check.range("max-queued", maxQueued, 1, 10_000_000);
        Check.range("concurrency", concurrency, 1, 100_000);
        Check.positive("retry-delay", retryDelay);
        Check.range("max-attempts", maxAttempts, 1, 100);
        Check.positive("drain-deadline", drainDeadline);
    }
}
