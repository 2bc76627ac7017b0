package dev.tether.config;

import java.time.Duration;

/** The {@code retry} section: attempts per model and the backoff between them. */
public record RetryConfig(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public RetryConfig {
        Check.range("max-attempts", maxAttempts, 1, 100);
        Check.positive("initial-backoff", initialBackoff);
        Check.positive("max-backoff", maxBackoff);
    }
}
