package dev.tether.store;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link JobStore#submitUserMessage}: the stored message and its open reply job. A duplicate
 * submit returns the message stored the first time and its reply job if that is still open (empty once the
 * reply has finished).
 */
public record Submitted(AppendResult append, Optional<StoredJob> job) {
    public Submitted {
        Objects.requireNonNull(append, "append");
        Objects.requireNonNull(job, "job");
    }

    public StoredMessage message() {
        return append.message();
    }

    public boolean duplicate() {
        return append.duplicate();
    }
}
