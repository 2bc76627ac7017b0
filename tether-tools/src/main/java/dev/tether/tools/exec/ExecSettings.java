package dev.tether.tools.exec;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits for {@link ExecTool}.
 *
 * @param timeout how long a command may run before it and its child processes are killed; positive
 * @param maxOutputChars how many characters of combined stdout and stderr the model sees; at least 100.
 *     Longer output keeps its head and tail with a note on what was left out.
 */
public record ExecSettings(Duration timeout, int maxOutputChars) {
    public ExecSettings {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("exec timeout must be positive: " + timeout);
        }
        if (maxOutputChars < 100) {
            throw new IllegalArgumentException("exec maxOutputChars < 100: " + maxOutputChars);
        }
    }

    /** 60 seconds, 20,000 characters. */
    public static ExecSettings defaults() {
        return new ExecSettings(Duration.ofSeconds(60), 20_000);
    }
}
