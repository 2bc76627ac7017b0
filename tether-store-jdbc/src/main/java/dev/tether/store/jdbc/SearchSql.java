package dev.tether.store.jdbc;

import dev.tether.store.Conversation;
import dev.tether.store.Role;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The statements behind {@link dev.tether.store.ConversationStore#search}: plain {@code LIKE} over titles and
 * message text, no full-text index (messages are rewritten at every streaming checkpoint, and an index would be
 * updated on the token path). Callers supply the handle.
 */
final class SearchSql {
    /** A message of conversation {@code c} that the search reads, containing the pattern: said, not a tool result. */
    private static final String MATCHING_MESSAGE = "m.conversation_id = c.id AND m.role IN ('USER', 'ASSISTANT')"
            + " AND lower(m.content) LIKE lower(:pattern) ESCAPE '!'";
    /** The id of conversation {@code c}'s newest message containing the pattern, or null. */
    private static final String NEWEST_MATCH = "(SELECT m.id FROM messages m WHERE " + MATCHING_MESSAGE
            + " ORDER BY m.id DESC LIMIT 1)";
    private static final String COLUMNS = "c." + Rows.CONVERSATION_COLUMNS.replace(", ", ", c.");

    private SearchSql() {
    }

    /** A conversation found, and its newest message containing the text (empty if only its title does). */
    record Found(Conversation conversation, Optional<Long> messageId) {
    }

    /** The parts of a matched message a result shows. */
    record Matched(long id, Role role, String content, Instant createdAt) {
    }

    /**
     * Up to {@code fetch} of the owner's conversations whose title or a user or assistant message matches
     * {@code pattern} (from {@link ConversationSql#containsPattern}), most recently updated first, strictly after
     * {@code after}. One statement: the database walks the owner's conversations in index order, reads their
     * messages newest first until one matches, and stops once it has {@code fetch}.
     *
     * <p>The message test is a scalar subquery ({@code IS NOT NULL}), not {@code EXISTS}: PostgreSQL turns an
     * uncorrelated-looking {@code EXISTS} into a hashed subplan, one scan of every message before the first row, so a
     * search for a common word took as long as one that finds nothing (290 ms against 30 ms for 100,000 messages,
     * {@code PostgresSearchCostProbe}). A scalar subquery cannot be hashed; SQLite plans both the same way.
     */
    static List<Found> page(Handle h, String owner, String pattern, Optional<Cursors.ConversationPosition> after,
                            int fetch) {
        String sql = "SELECT " + COLUMNS + ", " + NEWEST_MATCH + " AS match_id FROM conversations c"
                + " WHERE c.owner = :owner"
                + (after.isEmpty() ? "" : " AND (c.updated_at < :u OR (c.updated_at = :u AND c.id < :after))")
                + " AND (lower(c.title) LIKE lower(:pattern) ESCAPE '!' OR " + NEWEST_MATCH + " IS NOT NULL)"
                + " ORDER BY c.updated_at DESC, c.id DESC LIMIT :fetch";
        var query = h.createQuery(sql).bind("owner", owner).bind("pattern", pattern).bind("fetch", fetch);
        after.ifPresent(p -> query.bind("u", p.updatedAtMillis()).bind("after", p.id()));
        return query.map((rs, ctx) -> {
            long match = rs.getLong("match_id");
            Optional<Long> messageId = rs.wasNull() ? Optional.empty() : Optional.of(match);
            return new Found(Rows.conversation(rs, ctx), messageId);
        }).list();
    }

    /** The messages with these ids (a page's matches: at most a page), in no particular order. */
    static List<Matched> messages(Handle h, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT id, role, content, created_at FROM messages WHERE id IN (<ids>)")
                .bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> {
                    long id = rs.getLong("id");
                    return new Matched(id, Rows.enumValue(Role.class, rs.getString("role"), "role", "Message " + id),
                            rs.getString("content"), Instant.ofEpochMilli(rs.getLong("created_at")));
                })
                .list();
    }
}
