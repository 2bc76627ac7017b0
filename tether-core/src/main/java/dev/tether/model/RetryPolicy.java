package dev.tether.model;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently one model is retried. The wait before attempt {@code n+1} is the server's
 * {@code Retry-After} when it sent one, else {@code initialBackoff * 2^(n-1)} with jitter (50-100%), and never
 * more than {@code maxBackoff}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
        }
    }

    public Duration backoff(int failedAttempt, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return min(retryAfter.get(), maxBackoff);
        }
        long base = initialBackoff.toMillis() << Math.min(failedAttempt - 1, 20);
        long jittered = (long) (base * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble()));
        return min(Duration.ofMillis(jittered), maxBackoff);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
