package dev.tether.store.jdbc;

import dev.tether.store.Lane;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewJob;
import dev.tether.store.StoredJob;
import dev.tether.store.StoredMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** Statements on the {@code jobs} table; callers supply the handle and its transaction. */
final class JobSql {
    private static final String COLUMNS = "id, job_key, lane, kind, conversation_id, user_message_id, payload, attempts,"
            + " not_before, created_at, last_error";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM jobs ";

    private JobSql() {
    }

    static StoredJob insert(Handle h, NewJob job, Instant now) {
        long id = h.createQuery("INSERT INTO jobs (job_key, lane, kind, conversation_id, user_message_id, payload,"
                        + " attempts, not_before, created_at) VALUES (:key, :lane, :kind, :conversation, :userMessage,"
                        + " :payload, 0, :now, :now) RETURNING id")
                .bind("key", job.key())
                .bind("lane", job.lane().name())
                .bind("kind", job.kind())
                .bind("conversation", job.conversationId().orElse(null))
                .bind("userMessage", job.userMessageId() > 0 ? job.userMessageId() : null)
                .bind("payload", job.payload())
                .bind("now", now.toEpochMilli())
                .mapTo(Long.class)
                .one();
        return new StoredJob(id, job.key(), job.lane(), job.kind(), job.conversationId(), job.userMessageId(),
                job.payload(), 0, now, now, Optional.empty());
    }

    static Optional<StoredJob> forUserMessage(Handle h, long userMessageId) {
        return h.createQuery(SELECT + "WHERE user_message_id = :id").bind("id", userMessageId).map(JobSql::row)
                .findOne();
    }

    static List<StoredJob> all(Handle h) {
        return h.createQuery(SELECT + "ORDER BY id").map(JobSql::row).list();
    }

    static void delete(Handle h, long id) {
        h.createUpdate("DELETE FROM jobs WHERE id = :id").bind("id", id).execute();
    }

    static int reschedule(Handle h, long id, int attempts, Instant notBefore, String lastError) {
        return h.createUpdate("UPDATE jobs SET attempts = :attempts, not_before = :notBefore, last_error = :error"
                        + " WHERE id = :id")
                .bind("id", id).bind("attempts", attempts).bind("notBefore", notBefore.toEpochMilli())
                .bind("error", lastError).execute();
    }

    static List<StoredMessage> streaming(Handle h) {
        return h.createQuery("SELECT " + Rows.MESSAGE_COLUMNS + " FROM messages WHERE status = :status ORDER BY id")
                .bind("status", MessageStatus.STREAMING.name()).map(Rows::message).list();
    }

    /** Marks a message interrupted, stamped with message {@code version} (see ConversationSql.touchMessages). */
    static void interrupt(Handle h, long messageId, long version) {
        h.createUpdate("UPDATE messages SET status = :status, version = :version WHERE id = :id")
                .bind("status", MessageStatus.INTERRUPTED.name()).bind("version", version).bind("id", messageId)
                .execute();
    }

    private static StoredJob row(ResultSet rs, StatementContext ctx) throws SQLException {
        long id = rs.getLong("id");
        String error = rs.getString("last_error");
        return new StoredJob(id, rs.getString("job_key"), Rows.enumValue(Lane.class, rs.getString("lane"), "lane", "Job " + id),
                rs.getString("kind"), Optional.ofNullable(rs.getString("conversation_id")),
                rs.getLong("user_message_id"), rs.getString("payload"), rs.getInt("attempts"),
                Instant.ofEpochMilli(rs.getLong("not_before")), Instant.ofEpochMilli(rs.getLong("created_at")),
                Optional.ofNullable(error));
    }
}
