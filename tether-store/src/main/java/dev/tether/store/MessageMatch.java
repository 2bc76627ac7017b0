package dev.tether.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The message through which {@link ConversationStore#search} found a conversation, and a piece of it to show.
 *
 * @param messageId the message's id, as in {@link StoredMessage#id()}
 * @param role {@link Role#USER} or {@link Role#ASSISTANT}: tool results are not searched
 * @param createdAt when the message was stored
 * @param snippet at most {@link #SNIPPET_LENGTH} characters of the message around the first occurrence of the
 *                text, whitespace runs collapsed to one space, with "…" before and after where the message was cut
 */
public record MessageMatch(long messageId, Role role, Instant createdAt, String snippet) {
    /** The most characters of the message a snippet holds, not counting the "…" marks. */
    public static final int SNIPPET_LENGTH = 160;

    public MessageMatch {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(snippet, "snippet");
    }
}
