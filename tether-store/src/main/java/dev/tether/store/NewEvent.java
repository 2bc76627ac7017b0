package dev.tether.store;

import java.util.Objects;

/** An event to append to a conversation's log: a type name and its JSON payload. */
public record NewEvent(String type, String payloadJson) {
    public NewEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payloadJson, "payloadJson");
    }
}
