package dev.tether.api.model;

import java.util.List;
import java.util.Objects;

/** The complete result of one model call. {@code text} equals the concatenated text deltas. */
public record ModelReply(String text, List<ToolCall> toolCalls, FinishReason finishReason, TokenUsage usage) {
    public ModelReply {
        Objects.requireNonNull(text, "text");
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
    }
}
