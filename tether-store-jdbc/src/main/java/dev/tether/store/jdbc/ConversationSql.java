package dev.tether.store.jdbc;

import dev.tether.store.Conversation;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Statements on the {@code conversations} table; callers supply the handle and its transaction. */
final class ConversationSql {
    private ConversationSql() {
    }

    static void insert(Handle h, Conversation c) {
        h.createUpdate("INSERT INTO conversations (id, owner, title, created_at, updated_at, last_event_seq,"
                        + " summarised_up_to) VALUES (:id, :owner, :title, :created, :updated, 0, 0)")
                .bind("id", c.id())
                .bind("owner", c.owner())
                .bind("title", c.title())
                .bind("created", c.createdAt().toEpochMilli())
                .bind("updated", c.updatedAt().toEpochMilli())
                .execute();
    }

    static Optional<Conversation> find(Handle h, String id) {
        return h.createQuery("SELECT " + Rows.CONVERSATION_COLUMNS + " FROM conversations WHERE id = :id")
                .bind("id", id)
                .map(Rows::conversation)
                .findOne();
    }

    static boolean exists(Handle h, String id) {
        return h.createQuery("SELECT 1 FROM conversations WHERE id = :id").bind("id", id).mapTo(Integer.class)
                .findOne().isPresent();
    }

    /** Up to {@code fetch} of the owner's conversations, most recently updated first, strictly after {@code after}. */
    static List<Conversation> page(Handle h, String owner, Optional<Cursors.ConversationPosition> after, int fetch) {
        String where = after.isEmpty() ? "" : " AND (updated_at < :u OR (updated_at = :u AND id < :after))";
        var query = h.createQuery("SELECT " + Rows.CONVERSATION_COLUMNS + " FROM conversations WHERE owner = :owner"
                        + where + " ORDER BY updated_at DESC, id DESC LIMIT :fetch")
                .bind("owner", owner)
                .bind("fetch", fetch);
        after.ifPresent(p -> query.bind("u", p.updatedAtMillis()).bind("after", p.id()));
        return query.map(Rows::conversation).list();
    }

    /**
     * A LIKE pattern for "contains {@code text}", its {@code %}, {@code _} and {@code !} taken literally: use it as
     * {@code lower(column) LIKE lower(:pattern) ESCAPE '!'}. The database lower-cases both sides, so they fold
     * alike: Java's {@code toLowerCase} would fold letters that SQLite's {@code lower()} leaves as they are.
     */
    static String containsPattern(String text) {
        return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    static Optional<Long> lastEventSeq(Handle h, String id) {
        return h.createQuery("SELECT last_event_seq FROM conversations WHERE id = :id").bind("id", id)
                .mapTo(Long.class).findOne();
    }

    /** Returns the number of rows changed: 0 if there is no such conversation. */
    static int rename(Handle h, String id, String title, long now) {
        return h.createUpdate("UPDATE conversations SET title = :title, updated_at = :now WHERE id = :id")
                .bind("id", id).bind("title", title).bind("now", now).execute();
    }

    /**
     * Deletes the conversation; its messages, events and jobs go with it ({@code ON DELETE CASCADE}). Returns the
     * number of rows deleted: 0 if there is no such conversation.
     */
    static int delete(Handle h, String id) {
        return h.createUpdate("DELETE FROM conversations WHERE id = :id").bind("id", id).execute();
    }

    /**
     * Marks the conversation updated and raises its message version; returns the new version, to stamp on the
     * message written in the same transaction. Call with the conversation locked.
     */
    static long touchMessages(Handle h, String id, long now) {
        return h.createQuery("UPDATE conversations SET updated_at = :now, message_version = message_version + 1"
                        + " WHERE id = :id RETURNING message_version")
                .bind("id", id).bind("now", now).mapTo(Long.class).one();
    }

    static Optional<Long> messageVersion(Handle h, String id) {
        return h.createQuery("SELECT message_version FROM conversations WHERE id = :id").bind("id", id)
                .mapTo(Long.class).findOne();
    }

    static void setLastEventSeq(Handle h, String id, long seq) {
        h.createUpdate("UPDATE conversations SET last_event_seq = :seq WHERE id = :id")
                .bind("id", id).bind("seq", seq).execute();
    }

    /** Moves {@code summarised_up_to} forward to {@code messageId}; never backwards. */
    static void markSummarised(Handle h, String id, long messageId) {
        h.createUpdate("UPDATE conversations SET summarised_up_to = CASE WHEN summarised_up_to < :m THEN :m"
                        + " ELSE summarised_up_to END WHERE id = :id")
                .bind("id", id).bind("m", messageId).execute();
    }
}
