package dev.tether.store;

import java.util.Objects;
import java.util.Optional;

/**
 * Work to queue durably.
 *
 * @param key jobs with the same key run one at a time, in order (a conversation's id for replies)
 * @param kind what to run, e.g. {@link #REPLY}; workers look up a handler by kind
 * @param conversationId the conversation the job belongs to, if any (its jobs go when it is deleted)
 * @param userMessageId for {@link #REPLY} jobs, the user message to answer; 0 otherwise
 * @param payload handler-specific text (JSON by convention), empty if none
 */
public record NewJob(String key, Lane lane, String kind, Optional<String> conversationId, long userMessageId,
                     String payload) {
    /** The kind of job that answers a user message. */
    public static final String REPLY = "reply";

    public NewJob {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(payload, "payload");
        if (key.isBlank() || kind.isBlank()) {
            throw new IllegalArgumentException("A job needs a non-blank key and kind, but got key '" + key
                    + "' and kind '" + kind + "'.");
        }
        if (kind.equals(REPLY) && (conversationId.isEmpty() || userMessageId <= 0)) {
            throw new IllegalArgumentException("A reply job needs its conversation and user message id, but got "
                    + conversationId + " and " + userMessageId + ".");
        }
    }

    /** A job that answers user message {@code userMessageId} of the conversation. */
    public static NewJob reply(String conversationId, long userMessageId, Lane lane) {
        return new NewJob(conversationId, lane, REPLY, Optional.of(conversationId), userMessageId, "");
    }
}
