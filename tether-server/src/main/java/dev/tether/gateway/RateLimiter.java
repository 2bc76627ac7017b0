package dev.tether.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-user message rate: a token bucket holding {@code perMinute} tokens, refilled continuously. Thread-safe.
 */
final class RateLimiter {
    private final double perMillis;
    private final double capacity;
    private final Map<String, double[]> buckets = new ConcurrentHashMap<>(); // {tokens, lastMillis}

    RateLimiter(int perMinute) {
        this.capacity = perMinute;
        this.perMillis = perMinute / 60_000.0;
    }

    /** Takes one token; returns 0 if allowed, else how many milliseconds until one is available. */
    long acquire(String user, long nowMillis) {
        double[] bucket = buckets.computeIfAbsent(user, u -> new double[] {capacity, nowMillis});
        synchronized (bucket) {
            bucket[0] = Math.min(capacity, bucket[0] + (nowMillis - bucket[1]) * perMillis);
            bucket[1] = nowMillis;
            if (bucket[0] >= 1) {
                bucket[0] -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - bucket[0]) / perMillis);
        }
    }
}
