package dev.tether.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A conversation.
 *
 * @param summarisedUpTo the id of the last message already folded into long-term memory, 0 if none
 */
public record Conversation(String id, String owner, String title, Instant createdAt, Instant updatedAt,
                           long summarisedUpTo) {
    public Conversation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
