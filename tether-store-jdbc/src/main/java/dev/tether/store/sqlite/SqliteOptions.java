package dev.tether.store.sqlite;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning for {@link SqliteConversationStore}. Start from {@link #defaults()} and change one field with a
 * {@code with...} method.
 *
 * @param synchronous how hard a commit waits for the disk; {@link Synchronous#FULL} by default
 * @param busyTimeout how long a connection waits for another process's lock before failing (SQLite
 *                    {@code busy_timeout}); 1 ms .. 10 minutes
 * @param readConnections connections kept for reads, 1..64; writes always use one connection of their own
 * @param clock the source of created/updated times
 */
public record SqliteOptions(Synchronous synchronous, Duration busyTimeout, int readConnections, Clock clock) {

    /** SQLite's {@code PRAGMA synchronous} in WAL mode. */
    public enum Synchronous {
        /** Syncs the WAL at every commit: an acknowledged write survives power loss. The default. */
        FULL,
        /** Syncs only at checkpoints: faster, but the last commits can be lost on power loss (not on a crash). */
        NORMAL
    }

    public SqliteOptions {
        Objects.requireNonNull(synchronous, "synchronous");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        Objects.requireNonNull(clock, "clock");
        if (busyTimeout.toMillis() < 1 || busyTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("busyTimeout must be 1 ms .. 10 minutes but was " + busyTimeout);
        }
        if (readConnections < 1 || readConnections > 64) {
            throw new IllegalArgumentException("readConnections must be 1..64 but was " + readConnections);
        }
    }

    /** {@code FULL} sync, 5 s busy timeout, 4 read connections, the system UTC clock. */
    public static SqliteOptions defaults() {
        return new SqliteOptions(Synchronous.FULL, Duration.ofSeconds(5), 4, Clock.systemUTC());
    }

    public SqliteOptions withSynchronous(Synchronous value) {
        return new SqliteOptions(value, busyTimeout, readConnections, clock);
    }

    public SqliteOptions withBusyTimeout(Duration value) {
        return new SqliteOptions(synchronous, value, readConnections, clock);
    }

    public SqliteOptions withReadConnections(int value) {
        return new SqliteOptions(synchronous, busyTimeout, value, clock);
    }

    public SqliteOptions withClock(Clock value) {
        return new SqliteOptions(synchronous, busyTimeout, readConnections, value);
    }
}
