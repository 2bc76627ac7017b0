package dev.tether.store;

import java.time.Instant;
import java.util.Objects;

/** An event in a conversation's log at position {@code seq}. */
public record StoredEvent(String conversationId, long seq, String type, String payloadJson, Instant createdAt) {
    public StoredEvent {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payloadJson, "payloadJson");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
