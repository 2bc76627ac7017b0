package dev.tether.agent;

import dev.tether.api.model.TokenUsage;
import dev.tether.api.model.ToolCall;
import dev.tether.api.tool.ToolResult;
import dev.tether.store.MessageStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What a turn reports while it runs, in order. A closed set: switch over it exhaustively. */
public sealed interface AgentEvent {

    String conversationId();

    /** The turn began answering the stored user message {@code userMessageId}. */
    record TurnStarted(String conversationId, long userMessageId) implements AgentEvent { }

    /** A piece of the reply's text. */
    record TextDelta(String conversationId, String text) implements AgentEvent {
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A piece of the model's thinking (reasoning models), before or between the pieces of text of the reply. It is
     * stored with the assistant message it precedes and never sent back to the model.
     */
    record ThinkingDelta(String conversationId, String text) implements AgentEvent {
        public ThinkingDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The model asked for a tool; it is about to run. */
    record ToolCallStarted(String conversationId, ToolCall call) implements AgentEvent { }

    /** A tool finished (or failed, or was denied by a hook). */
    record ToolCallFinished(String conversationId, ToolCall call, ToolResult result) implements AgentEvent { }

    /**
     * The turn ended with a reply: {@link MessageStatus#COMPLETE}, or {@link MessageStatus#STOPPED} when the user
     * stopped it. {@code text} is the final assistant message's full text.
     */
    record TurnCompleted(String conversationId, long assistantMessageId, String text, MessageStatus status,
                         TokenUsage usage) implements AgentEvent { }

    /**
     * This attempt failed with a retriable error and the turn will be tried again (the caller said it was not
     * the last attempt, and no tool had run). The text streamed so far, if any, is stored in message
     * {@code assistantMessageId} (0 if none) as {@link MessageStatus#INTERRUPTED}; the next attempt writes a new
     * reply. {@code retryAfter} is the model server's {@code Retry-After}, when it sent one.
     */
    record AttemptFailed(String conversationId, long assistantMessageId, String code, String message,
                         Optional<Duration> retryAfter) implements AgentEvent {
        public AttemptFailed {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /**
     * The turn failed: {@code message} is one sentence for the user (what failed, where, what to do);
     * {@code retriable} says whether sending again may work; {@code assistantMessageId} is the stored
     * {@link MessageStatus#FAILED} message holding the text so far and the error; {@code retryAfter} is the
     * model server's {@code Retry-After}, when it sent one.
     */
    record TurnFailed(String conversationId, long assistantMessageId, String code, String message, boolean retriable,
                      Optional<Duration> retryAfter) implements AgentEvent {
        public TurnFailed {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }
}
