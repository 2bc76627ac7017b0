package dev.tether.bench.report;

import java.util.Optional;

/**
 * One reported figure. {@code target} is the goal as text ("<= 10 ms"); {@code met} is empty when the
 * figure has no target or could not be judged.
 */
public record Metric(String name, double value, String unit, String target, Optional<Boolean> met) {

    public static Metric info(String name, double value, String unit) {
        return new Metric(name, value, unit, "", Optional.empty());
    }

    /** A figure whose target is "at most {@code limit}". */
    public static Metric atMost(String name, double value, String unit, double limit) {
        return new Metric(name, value, unit, "<= " + Format.number(limit) + " " + unit, Optional.of(value <= limit));
    }

    /** A figure whose target is "at least {@code limit}". */
    public static Metric atLeast(String name, double value, String unit, double limit) {
        return new Metric(name, value, unit, ">= " + Format.number(limit) + " " + unit, Optional.of(value >= limit));
    }

    /** A figure whose target is "below {@code limit}". */
    public static Metric below(String name, double value, String unit, double limit) {
        return new Metric(name, value, unit, "< " + Format.number(limit) + " " + unit, Optional.of(value < limit));
    }
}
