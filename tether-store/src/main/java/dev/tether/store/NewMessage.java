package dev.tether.store;

import dev.tether.api.model.ToolCall;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An assistant or tool message to store; see {@link StoredMessage} for the fields. */
public record NewMessage(String conversationId, Role role, String content, List<ToolCall> toolCalls,
                         Optional<String> toolCallId, Optional<String> toolName, MessageStatus status,
                         Optional<Long> replyTo, String thinking) {
    public NewMessage {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(toolCallId, "toolCallId");
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(replyTo, "replyTo");
        Objects.requireNonNull(thinking, "thinking");
        if (role == Role.USER) {
            throw new IllegalArgumentException("User messages go through appendUserMessage, which deduplicates");
        }
    }

    /** A message that answers no particular user message. */
    public NewMessage(String conversationId, Role role, String content, List<ToolCall> toolCalls,
                      Optional<String> toolCallId, Optional<String> toolName, MessageStatus status) {
        this(conversationId, role, content, toolCalls, toolCallId, toolName, status, Optional.empty(), "");
    }

    /** This message, written by the turn that answers the user message {@code userMessageId}. */
    public NewMessage replyingTo(long userMessageId) {
        return new NewMessage(conversationId, role, content, toolCalls, toolCallId, toolName, status,
                Optional.of(userMessageId), thinking);
    }

    /** This message with the model's thinking before its content (assistant messages of reasoning models). */
    public NewMessage withThinking(String thinking) {
        return new NewMessage(conversationId, role, content, toolCalls, toolCallId, toolName, status, replyTo,
                thinking);
    }

    public static NewMessage assistant(String conversationId, String content, List<ToolCall> toolCalls,
                                       MessageStatus status) {
        return new NewMessage(conversationId, Role.ASSISTANT, content, toolCalls, Optional.empty(),
                Optional.empty(), status);
    }

    public static NewMessage toolResult(String conversationId, String toolCallId, String toolName, String content) {
        return new NewMessage(conversationId, Role.TOOL, content, List.of(), Optional.of(toolCallId),
                Optional.of(toolName), MessageStatus.COMPLETE);
    }

    /** A tool's answer that reports a failure (status {@link MessageStatus#FAILED}): the call ran and failed. */
    public static NewMessage failedToolResult(String conversationId, String toolCallId, String toolName,
                                              String content) {
        return new NewMessage(conversationId, Role.TOOL, content, List.of(), Optional.of(toolCallId),
                Optional.of(toolName), MessageStatus.FAILED);
    }
}
