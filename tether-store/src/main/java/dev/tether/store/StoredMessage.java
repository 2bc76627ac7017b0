package dev.tether.store;

import dev.tether.api.model.ToolCall;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored message.
 *
 * @param id increasing within the store; later messages have larger ids
 * @param toolCalls for assistant messages, the tool calls it asked for
 * @param toolCallId for tool messages, the call this answers
 * @param toolName for tool messages, the tool that ran
 * @param clientMessageId for user messages, the client-chosen id that deduplicates sends
 * @param replyTo for assistant and tool messages written by a turn, the user message the turn answers (empty
 *                for messages stored before Tether recorded it, and for notes that answer no message)
 * @param replaces for a user message that edits an earlier question, the id of that question (the conversation's
 *                 last question when this one was sent); the model is no longer shown it or its answers
 * @param thinking for assistant messages of reasoning models, what the model thought before writing the content;
 *                 empty for none. Shown to people, never sent back to the model
 */
public record StoredMessage(long id, String conversationId, Role role, String content, List<ToolCall> toolCalls,
                            Optional<String> toolCallId, Optional<String> toolName, MessageStatus status,
                            Optional<String> clientMessageId, Instant createdAt, Optional<Long> replyTo,
                            Optional<Long> replaces, String thinking) {
    public StoredMessage {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(toolCallId, "toolCallId");
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(clientMessageId, "clientMessageId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(replyTo, "replyTo");
        Objects.requireNonNull(replaces, "replaces");
        Objects.requireNonNull(thinking, "thinking");
    }

    /** A message without thinking. */
    public StoredMessage(long id, String conversationId, Role role, String content, List<ToolCall> toolCalls,
                         Optional<String> toolCallId, Optional<String> toolName, MessageStatus status,
                         Optional<String> clientMessageId, Instant createdAt, Optional<Long> replyTo,
                         Optional<Long> replaces) {
        this(id, conversationId, role, content, toolCalls, toolCallId, toolName, status, clientMessageId, createdAt,
                replyTo, replaces, "");
    }

    /** This message without its thinking (for holders that never show it, such as a model's context). */
    public StoredMessage withoutThinking() {
        return thinking.isEmpty() ? this : new StoredMessage(id, conversationId, role, content, toolCalls, toolCallId,
                toolName, status, clientMessageId, createdAt, replyTo, replaces, "");
    }

    /** This message with status {@code status}. */
    public StoredMessage withStatus(MessageStatus status) {
        return new StoredMessage(id, conversationId, role, content, toolCalls, toolCallId, toolName, status,
                clientMessageId, createdAt, replyTo, replaces, thinking);
    }

    /** A message that replaces no question (every message but an edited question). */
    public StoredMessage(long id, String conversationId, Role role, String content, List<ToolCall> toolCalls,
                         Optional<String> toolCallId, Optional<String> toolName, MessageStatus status,
                         Optional<String> clientMessageId, Instant createdAt, Optional<Long> replyTo) {
        this(id, conversationId, role, content, toolCalls, toolCallId, toolName, status, clientMessageId, createdAt,
                replyTo, Optional.empty());
    }

    /** A message that answers no particular user message (user messages, and messages from before replyTo). */
    public StoredMessage(long id, String conversationId, Role role, String content, List<ToolCall> toolCalls,
                         Optional<String> toolCallId, Optional<String> toolName, MessageStatus status,
                         Optional<String> clientMessageId, Instant createdAt) {
        this(id, conversationId, role, content, toolCalls, toolCallId, toolName, status, clientMessageId, createdAt,
                Optional.empty());
    }
}
