package dev.tether.store.jdbc;

import dev.tether.store.Conversation;
import dev.tether.store.MessageStatus;
import dev.tether.store.Role;
import dev.tether.store.StoreException;
import dev.tether.store.StoredEvent;
import dev.tether.store.StoredMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Column lists and JDBI row mappers for the three tables; times are stored as epoch milliseconds. */
final class Rows {
    static final String CONVERSATION_COLUMNS = "id, owner, title, created_at, updated_at, summarised_up_to";
    static final String MESSAGE_COLUMNS = "id, conversation_id, role, content, tool_calls, tool_call_id, tool_name,"
            + " status, client_message_id, created_at, reply_to, replaces, thinking";
    static final String EVENT_COLUMNS = "conversation_id, seq, type, payload, created_at";

    private Rows() {
    }

    static Conversation conversation(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Conversation(rs.getString("id"), rs.getString("owner"), rs.getString("title"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")),
                rs.getLong("summarised_up_to"));
    }

    static StoredMessage message(ResultSet rs, StatementContext ctx) throws SQLException {
        long id = rs.getLong("id");
        return new StoredMessage(id, rs.getString("conversation_id"),
                enumValue(Role.class, rs.getString("role"), "role", "Message " + id), rs.getString("content"),
                ToolCallsJson.decode(rs.getString("tool_calls"), id),
                Optional.ofNullable(rs.getString("tool_call_id")), Optional.ofNullable(rs.getString("tool_name")),
                enumValue(MessageStatus.class, rs.getString("status"), "status", "Message " + id),
                Optional.ofNullable(rs.getString("client_message_id")),
                Instant.ofEpochMilli(rs.getLong("created_at")), optionalId(rs, "reply_to"),
                optionalId(rs, "replaces"), Objects.requireNonNullElse(rs.getString("thinking"), ""));
    }

    private static Optional<Long> optionalId(ResultSet rs, String column) throws SQLException {
        long id = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(id);
    }

    static StoredEvent event(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredEvent(rs.getString("conversation_id"), rs.getLong("seq"), rs.getString("type"),
                rs.getString("payload"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    /** An enum column's value; {@code row} names the row in the error, e.g. "Message 12". */
    static <E extends Enum<E>> E enumValue(Class<E> type, String name, String column, String row) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new StoreException(row + " has unknown " + column + " '" + name
                    + "'. It was probably written by a newer Tether; upgrade this server.", e);
        }
    }
}
