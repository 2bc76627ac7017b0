package dev.tether.store;

import java.util.Objects;

/** The outcome of an idempotent append: the stored message, and whether it was already there. */
public record AppendResult(StoredMessage message, boolean duplicate) {
    public AppendResult {
        Objects.requireNonNull(message, "message");
    }
}
