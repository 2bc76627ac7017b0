package dev.tether.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.store.Lane;
import dev.tether.store.NewJob;
import dev.tether.store.StoredJob;

/**
 * Reply jobs that answer a question again ({@code retry}: after a failed reply, or for another answer to one
 * that ended). Such a job records the newest message of the question's earlier answers, so that
 * {@link ReplyRecovery} judges only what this job stored: the earlier answer's final message must not make a
 * crash-interrupted new answer, or one that had not started, look finished. The payload is
 * {@code {"after": <message id>}}; a first answer's job has none.
 */
public final class ReplyJobs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplyJobs() {
    }

    /**
     * A job that answers user message {@code userMessageId} again; {@code after} is the id of the newest message
     * stored before it for that question (0 if none).
     */
    public static NewJob again(String conversationId, long userMessageId, Lane lane, long after) {
        if (after < 0) {
            throw new IllegalArgumentException("'after' must be a message id or 0, but was " + after + ".");
        }
        NewJob first = NewJob.reply(conversationId, userMessageId, lane);
        return new NewJob(first.key(), lane, first.kind(), first.conversationId(), userMessageId,
                JSON.createObjectNode().put("after", after).toString());
    }

    /**
     * The id after which {@code job}'s own messages start: 0 for a first answer (everything replying to its
     * question is its own), and for a payload that cannot be read: then every message counts, as for a first answer.
     */
    public static long after(StoredJob job) {
        if (job.payload().isEmpty()) {
            return 0;
        }
        try {
            JsonNode after = JSON.readTree(job.payload()).get("after");
            return after != null && after.canConvertToLong() ? after.asLong() : 0;
        } catch (JsonProcessingException e) {
            return 0;
        }
    }
}
