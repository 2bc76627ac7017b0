package dev.tether.api.model;

import java.util.List;
import java.util.Objects;

/**
 * The complete result of one model call. {@code text} equals the concatenated text deltas, {@code thinking} the
 * concatenated thinking deltas ({@link ModelEvent.ThinkingDelta}; empty for models that do not reason aloud).
 */
public record ModelReply(String text, List<ToolCall> toolCalls, FinishReason finishReason, TokenUsage usage,
                         String thinking) {
    public ModelReply {
        Objects.requireNonNull(text, "text");
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(thinking, "thinking");
    }

    /** A reply without thinking. */
    public ModelReply(String text, List<ToolCall> toolCalls, FinishReason finishReason, TokenUsage usage) {
        this(text, toolCalls, finishReason, usage, "");
    }
}
