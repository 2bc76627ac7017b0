package dev.tether.store.jdbc;

import dev.tether.store.Role;
import dev.tether.store.StoreException.EditRefused;
import dev.tether.store.StoredMessage;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Whether a new user message may edit (replace) question {@code id}: only the conversation's last question, and
 * only once its reply has ended (no open reply job: none running, queued or waiting to be retried). Runs in the
 * submit's transaction, under the conversation's lock, so two edits sent at once cannot both pass.
 */
final class EditCheck {
    private EditCheck() {
    }

    /** Returns normally when the edit is allowed; otherwise throws {@link EditRefused} saying why and what to do. */
    static void check(Handle h, String conversationId, long id) {
        StoredMessage question = MessageSql.find(h, id).filter(m -> m.conversationId().equals(conversationId))
                .orElseThrow(() -> new EditRefused(EditRefused.Reason.UNKNOWN_MESSAGE, id, "Conversation "
                        + conversationId + " has no message " + id + " to edit. Name one of its questions."));
        if (question.role() != Role.USER) {
            throw new EditRefused(EditRefused.Reason.NOT_A_QUESTION, id, "Message " + id + " is a "
                    + question.role().name().toLowerCase(java.util.Locale.ROOT) + " message; only your own questions "
                    + "can be edited. Name the question instead.");
        }
        Optional<Long> last = lastQuestion(h, conversationId);
        if (last.isEmpty() || last.get() != id) {
            throw new EditRefused(EditRefused.Reason.NOT_LAST_QUESTION, id, "Message " + id + " is not the last "
                    + "question of conversation " + conversationId + " (that is message " + last.orElse(0L)
                    + "); only the last question can be edited. Edit that one, or send a new message.");
        }
        if (JobSql.forUserMessage(h, id).isPresent()) {
            throw new EditRefused(EditRefused.Reason.REPLY_OPEN, id, "The reply to message " + id + " is still "
                    + "running or waiting to run. Stop it or wait for it to end, then edit the question again.");
        }
    }

    /**
     * Refuses to queue another answer to question {@code id} once it was edited: the model is no longer shown it, so
     * the answer would be to a question missing from its own context. Throws {@link IllegalArgumentException}
     * naming the question that replaces it.
     */
    static void checkNotEdited(Handle h, String conversationId, long id) {
        Optional<Long> edit = h.createQuery("SELECT id FROM messages WHERE conversation_id = :conversation AND id > :id"
                        + " AND replaces = :id ORDER BY id LIMIT 1")
                .bind("conversation", conversationId).bind("id", id).mapTo(Long.class).findOne();
        if (edit.isPresent()) {
            throw new IllegalArgumentException("Message " + id + " was edited: message " + edit.get() + " replaces it, "
                    + "and only that one can be answered again. Retry message " + edit.get() + " instead.");
        }
    }

    private static Optional<Long> lastQuestion(Handle h, String conversationId) {
        return h.createQuery("SELECT id FROM messages WHERE conversation_id = :conversation AND role = :role"
                        + " ORDER BY id DESC LIMIT 1")
                .bind("conversation", conversationId).bind("role", Role.USER.name())
                .mapTo(Long.class).findOne();
    }
}
