package dev.tether.api.model;

import java.util.List;
import java.util.Objects;

/** One message of the context sent to a model. A closed set: switch over it exhaustively. */
public sealed interface ChatMessage {

    /** Instructions: persona, memory, tool rules. Providers that take a separate system field get it there. */
    record System(String text) implements ChatMessage {
        public System {
            Objects.requireNonNull(text, "text");
        }
    }

    record User(String text) implements ChatMessage {
        public User {
            Objects.requireNonNull(text, "text");
        }
    }

    /** An assistant reply: text (possibly empty) and the tool calls it asked for (possibly none). */
    record Assistant(String text, List<ToolCall> toolCalls) implements ChatMessage {
        public Assistant {
            Objects.requireNonNull(text, "text");
            toolCalls = List.copyOf(toolCalls);
        }

        public Assistant(String text) {
            this(text, List.of());
        }
    }

    /** The result of one tool call, answered to the model under the call's id. */
    record ToolResult(String toolCallId, String toolName, String content, boolean error) implements ChatMessage {
        public ToolResult {
            Objects.requireNonNull(toolCallId, "toolCallId");
            Objects.requireNonNull(toolName, "toolName");
            Objects.requireNonNull(content, "content");
        }
    }
}
