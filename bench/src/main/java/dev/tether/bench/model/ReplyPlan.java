package dev.tether.bench.model;

import java.time.Duration;

/**
 * What the fake model streams for each chat request: {@code tokens} content chunks, the first at once and
 * then one every {@code interval} (scheduled from the first, so delays do not accumulate). A timestamped
 * chunk's text is {@code "<k>:<System.nanoTime() at emission>;"}; otherwise every chunk is {@code text}.
 */
public record ReplyPlan(int tokens, Duration interval, boolean timestamped, String text) {
    public ReplyPlan {
        if (tokens < 1) {
            throw new IllegalArgumentException("tokens < 1: " + tokens);
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval < 0: " + interval);
        }
    }

    /** One chunk of {@code text}, sent with the response head: a model that answers instantly. */
    public static ReplyPlan instant(String text) {
        return new ReplyPlan(1, Duration.ZERO, false, text);
    }

    /** {@code tokens} timestamped chunks at {@code perSecond}. */
    public static ReplyPlan timestamped(int tokens, int perSecond) {
        return new ReplyPlan(tokens, Duration.ofNanos(1_000_000_000L / perSecond), true, "");
    }

    /** {@code tokens} chunks of {@code text}, {@code interval} apart. */
    public static ReplyPlan fixed(int tokens, String text, Duration interval) {
        return new ReplyPlan(tokens, interval, false, text);
    }
}
