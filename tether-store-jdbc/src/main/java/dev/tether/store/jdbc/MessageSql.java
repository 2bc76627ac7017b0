package dev.tether.store.jdbc;

import dev.tether.api.model.ToolCall;
import dev.tether.store.MessageStatus;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Statements on the {@code messages} table; callers supply the handle and its transaction. */
final class MessageSql {
    private static final String SELECT = "SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages ";

    private MessageSql() {
    }

    /**
     * Inserts {@code m} (its id is ignored) stamped with message {@code version} (see
     * {@link ConversationSql#touchMessages}) and returns it with the id the database assigned.
     */
    static StoredMessage insert(Handle h, StoredMessage m, long version) {
        long id = h.createQuery("INSERT INTO messages (conversation_id, role, content, tool_calls, tool_call_id,"
                        + " tool_name, status, client_message_id, created_at, reply_to, replaces, thinking, version)"
                        + " VALUES (:conversation, :role, :content, :toolCalls, :toolCallId, :toolName, :status,"
                        + " :clientId, :created, :replyTo, :replaces, :thinking, :version) RETURNING id")
                .bind("version", version)
                .bind("conversation", m.conversationId())
                .bind("role", m.role().name())
                .bind("content", m.content())
                .bind("toolCalls", ToolCallsJson.encode(m.toolCalls()).orElse(null))
                .bind("toolCallId", m.toolCallId().orElse(null))
                .bind("toolName", m.toolName().orElse(null))
                .bind("status", m.status().name())
                .bind("clientId", m.clientMessageId().orElse(null))
                .bind("created", m.createdAt().toEpochMilli())
                .bind("replyTo", m.replyTo().orElse(null))
                .bind("replaces", m.replaces().orElse(null))
                .bind("thinking", m.thinking().isEmpty() ? null : m.thinking())
                .mapTo(Long.class)
                .one();
        return new StoredMessage(id, m.conversationId(), m.role(), m.content(), m.toolCalls(), m.toolCallId(),
                m.toolName(), m.status(), m.clientMessageId(), m.createdAt(), m.replyTo(), m.replaces(), m.thinking());
    }

    static Optional<StoredMessage> find(Handle h, long id) {
        return h.createQuery(SELECT + "WHERE id = :id").bind("id", id).map(Rows::message).findOne();
    }

    /** What an update needs to know of a message: its conversation and role, not its content. */
    record Head(String conversationId, Role role) {
    }

    /**
     * The {@link Head} of message {@code id}. Reading the whole row instead would copy a streaming reply's text
     * out of the database at every checkpoint, only to replace it.
     */
    static Optional<Head> head(Handle h, long id) {
        return h.createQuery("SELECT conversation_id, role FROM messages WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> new Head(rs.getString("conversation_id"),
                        Rows.enumValue(Role.class, rs.getString("role"), "role", "Message " + id)))
                .findOne();
    }

    static Optional<StoredMessage> findByClientId(Handle h, String conversationId, String clientMessageId) {
        return h.createQuery(SELECT + "WHERE conversation_id = :conversation AND client_message_id = :clientId")
                .bind("conversation", conversationId)
                .bind("clientId", clientMessageId)
                .map(Rows::message)
                .findOne();
    }

    static boolean existsIn(Handle h, String conversationId, long id) {
        return h.createQuery("SELECT 1 FROM messages WHERE id = :id AND conversation_id = :conversation")
                .bind("id", id).bind("conversation", conversationId).mapTo(Integer.class).findOne().isPresent();
    }

    /** Up to {@code fetch} messages older than {@code beforeId} (all if empty), newest first. */
    static List<StoredMessage> newestFirst(Handle h, String conversationId, Optional<Long> beforeId, int fetch) {
        String before = beforeId.isEmpty() ? "" : "AND id < :before ";
        var query = h.createQuery(SELECT + "WHERE conversation_id = :conversation " + before
                        + "ORDER BY id DESC LIMIT :fetch")
                .bind("conversation", conversationId)
                .bind("fetch", fetch);
        beforeId.ifPresent(id -> query.bind("before", id));
        return query.map(Rows::message).list();
    }

    static List<StoredMessage> after(Handle h, String conversationId, long afterId, int limit) {
        return h.createQuery(SELECT + "WHERE conversation_id = :conversation AND id > :after ORDER BY id LIMIT :limit")
                .bind("conversation", conversationId)
                .bind("after", afterId)
                .bind("limit", limit)
                .map(Rows::message)
                .list();
    }

    /** Up to {@code limit} messages stamped with a version after {@code afterVersion}, in version order. */
    static List<Versioned> changedAfter(Handle h, String conversationId, long afterVersion, int limit) {
        return h.createQuery("SELECT " + Rows.MESSAGE_COLUMNS + ", version FROM messages WHERE conversation_id ="
                        + " :conversation AND version > :after ORDER BY version LIMIT :limit")
                .bind("conversation", conversationId)
                .bind("after", afterVersion)
                .bind("limit", limit)
                .map((rs, ctx) -> new Versioned(Rows.message(rs, ctx), rs.getLong("version")))
                .list();
    }

    /** A message and the message version it was last written at. */
    record Versioned(StoredMessage message, long version) { }

    /**
     * Sets a message's content and status, and its thinking and tool calls when given (an empty {@code Optional}
     * keeps what is stored; an empty thinking string clears it).
     */
    static void update(Handle h, long id, String content, Optional<String> thinking,
                       Optional<List<ToolCall>> toolCalls, MessageStatus status, long version) {
        var update = h.createUpdate("UPDATE messages SET content = :content, status = :status, version = :version"
                + (toolCalls.isPresent() ? ", tool_calls = :toolCalls" : "")
                + (thinking.isPresent() ? ", thinking = :thinking" : "") + " WHERE id = :id");
        toolCalls.ifPresent(calls -> update.bind("toolCalls", ToolCallsJson.encode(calls).orElse(null)));
        thinking.ifPresent(t -> update.bind("thinking", t.isEmpty() ? null : t));
        update.bind("id", id).bind("content", content).bind("status", status.name()).bind("version", version)
                .execute();
    }
}
