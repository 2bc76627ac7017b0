package dev.tether.tools.web;

import java.net.SocketTimeoutException;
import java.time.Duration;

/** One time budget for a whole fetch, shared by every connect and read of every redirect hop. */
final class Deadline {
    private final long endNanos;
    private final Duration budget;

    private Deadline(Duration budget) {
        this.budget = budget;
        this.endNanos = System.nanoTime() + budget.toNanos();
    }

    static Deadline after(Duration budget) {
        return new Deadline(budget);
    }

    Duration budget() {
        return budget;
    }

    /** Milliseconds left, at least 1; throws once the budget is spent. */
    int remainingMillis() throws SocketTimeoutException {
        long left = endNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("fetch deadline of " + budget.toMillis() + " ms passed");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Duration.ofNanos(left).toMillis()));
    }
}
