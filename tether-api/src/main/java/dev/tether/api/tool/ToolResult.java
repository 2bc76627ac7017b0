package dev.tether.api.tool;

import java.util.Objects;

/** What a tool answers. A closed set: switch over it exhaustively. */
public sealed interface ToolResult {

    /** The text the model sees. */
    String forModel();

    static ToolResult ok(String content) {
        return new Success(content);
    }

    static ToolResult failure(String message, String hint) {
        return new Failure(message, hint);
    }

    record Success(String content) implements ToolResult {
        public Success {
            Objects.requireNonNull(content, "content");
        }

        @Override
        public String forModel() {
            return content;
        }
    }

    /**
     * The call failed. {@code message} says what failed and the value; {@code hint} says what to try next
     * ("Did you mean 'notes.md'?"); both are written for the model.
     */
    record Failure(String message, String hint) implements ToolResult {
        public Failure {
            Objects.requireNonNull(message, "message");
            hint = hint == null ? "" : hint;
        }

        @Override
        public String forModel() {
            return hint.isEmpty() ? "Error: " + message : "Error: " + message + "\nHint: " + hint;
        }
    }
}
