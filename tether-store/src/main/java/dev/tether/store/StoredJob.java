package dev.tether.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A queued job as stored. Only open jobs are stored: a job that finished (well or not) is deleted, since what
 * it produced is in the conversation.
 *
 * @param id increasing: a later job has a larger id
 * @param attempts how many times it was started and given back (retries, crashes)
 * @param notBefore it may not start before this time (a retry's delay)
 * @param lastError why the last attempt did not finish, if it did not
 */
public record StoredJob(long id, String key, Lane lane, String kind, Optional<String> conversationId,
                        long userMessageId, String payload, int attempts, Instant notBefore, Instant createdAt,
                        Optional<String> lastError) {
    public StoredJob {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lane, "lane");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastError, "lastError");
    }

    public boolean isReply() {
        return kind.equals(NewJob.REPLY);
    }
}
