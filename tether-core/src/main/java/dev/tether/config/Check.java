package dev.tether.config;

import java.time.Duration;
import java.util.Objects;

/** Value checks shared by the config records; messages name the key, the value and the allowed range. */
final class Check {
    private Check() {
    }

    static void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + " but was " + value);
        }
    }

    static void range(String key, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, key);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + " must be a duration from " + Durations.format(min) + " to "
                    + Durations.format(max) + " but was " + Durations.format(value));
        }
    }

    static void positive(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration such as \"30s\" but was " + value);
        }
    }
}
