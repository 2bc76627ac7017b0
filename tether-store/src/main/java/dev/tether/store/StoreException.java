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
}
