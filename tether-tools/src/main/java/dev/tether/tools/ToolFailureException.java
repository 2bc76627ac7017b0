package dev.tether.tools;

import dev.tether.api.TetherException;
import dev.tether.api.tool.ToolResult;
import java.util.Objects;

/**
 * The base exception of this module: a tool call failed in a way the model can act on. Tools throw it from
 * deep inside their helpers and turn it into a {@link ToolResult.Failure} at the top of
 * {@code execute}, so the message and hint reach the model unchanged. Not retriable by itself: the model
 * decides what to try next from the hint.
 */
public class ToolFailureException extends TetherException {
    private final String hint;

    /**
     * @param message what failed and the value, e.g. {@code "File not found: 'notes.txt'"}
     * @param hint what to try next; empty when there is nothing useful to say
     */
    public ToolFailureException(String message, String hint) {
        super(message);
        this.hint = Objects.requireNonNull(hint, "hint");
    }

    public ToolFailureException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = Objects.requireNonNull(hint, "hint");
    }

    /** What the model should try next; never null, possibly empty. */
    public String hint() {
        return hint;
    }

    /** This failure as the result the model sees. */
    public ToolResult toResult() {
        return ToolResult.failure(getMessage(), hint);
    }
}
