package dev.tether.api;

/**
 * Base of every exception Tether throws. Unchecked; each module adds its own subtypes so callers decide by
 * type, never by matching message text. Messages say what failed, the actual value and what to do next.
 */
public class TetherException extends RuntimeException {
    public TetherException(String message) {
        super(message);
    }

    public TetherException(String message, Throwable cause) {
        super(message, cause);
    }
}
