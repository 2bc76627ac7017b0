package dev.tether.store.postgres;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning for {@link PostgresConversationStore}. Start from {@link #defaults()} and change one field with a
 * {@code with...} method.
 *
 * @param maxPoolSize connections in the pool, 1..200; callers beyond it wait for a free connection
 * @param connectionTimeout how long a call waits for a pooled connection before failing, at least 250 ms
 * @param clock the source of created/updated times
 */
public record PostgresOptions(int maxPoolSize, Duration connectionTimeout, Clock clock) {
    public PostgresOptions {
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(clock, "clock");
        if (maxPoolSize < 1 || maxPoolSize > 200) {
            throw new IllegalArgumentException("maxPoolSize must be 1..200 but was " + maxPoolSize);
        }
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connectionTimeout must be at least 250 ms but was "
                    + connectionTimeout);
        }
    }

    /** 10 connections, 30 s connection timeout, the system UTC clock. */
    public static PostgresOptions defaults() {
        return new PostgresOptions(10, Duration.ofSeconds(30), Clock.systemUTC());
    }

    public PostgresOptions withMaxPoolSize(int value) {
        return new PostgresOptions(value, connectionTimeout, clock);
    }

    public PostgresOptions withConnectionTimeout(Duration value) {
        return new PostgresOptions(maxPoolSize, value, clock);
    }

    public PostgresOptions withClock(Clock value) {
        return new PostgresOptions(maxPoolSize, connectionTimeout, value);
    }
}
