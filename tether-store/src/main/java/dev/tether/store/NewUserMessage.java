package dev.tether.store;

import java.util.Objects;
import java.util.Optional;

/**
 * A user message to store with its reply job ({@link JobStore#submitUserMessage(NewUserMessage, Lane)}).
 *
 * @param clientMessageId the client-chosen id that makes the submit idempotent (1..64 characters)
 * @param replaces the question this one edits, if any: it must be the conversation's last user message, with no
 *                 reply running or waiting (see {@link StoreException.EditRefused})
 */
public record NewUserMessage(String conversationId, String clientMessageId, String text, Optional<Long> replaces) {
    public NewUserMessage {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(clientMessageId, "clientMessageId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(replaces, "replaces");
        if (replaces.isPresent() && replaces.get() <= 0) {
            throw new IllegalArgumentException("replaces must be a message id (> 0) but was " + replaces.get() + ".");
        }
    }

    /** A new question that edits none. */
    public NewUserMessage(String conversationId, String clientMessageId, String text) {
        this(conversationId, clientMessageId, text, Optional.empty());
    }
}
