package dev.tether.store;

import dev.tether.api.TetherException;

/** A store operation failed. Messages name the database and the operation and say what to check. */
public class StoreException extends TetherException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** No conversation (or message) with that id. */
    public static final class NotFound extends StoreException {
        public NotFound(String message) {
            super(message);
        }
    }

    /**
     * A question cannot be edited ({@link NewUserMessage#replaces()}); {@link #reason()} says why. Nothing was
     * stored.
     */
    public static final class EditRefused extends StoreException {
        /** Why an edit was refused. */
        public enum Reason {
            /** No message with that id in the conversation. */
            UNKNOWN_MESSAGE,
            /** The message is an assistant or tool message, not a question. */
            NOT_A_QUESTION,
            /** A later question was sent (or the message was already edited): only the last one can be edited. */
            NOT_LAST_QUESTION,
            /** The question's reply is running, waiting in the queue or waiting to be retried. */
            REPLY_OPEN
        }

        private final Reason reason;
        private final long messageId;

        public EditRefused(Reason reason, long messageId, String message) {
            super(message);
            this.reason = java.util.Objects.requireNonNull(reason, "reason");
            this.messageId = messageId;
        }

        public Reason reason() {
            return reason;
        }

        /** The message the edit named. */
        public long messageId() {
            return messageId;
        }
    }
}
