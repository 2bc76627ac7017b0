package dev.tether.store.jdbc;

import dev.tether.store.NewEvent;
import dev.tether.store.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Statements on the {@code events} table; callers supply the handle and its transaction. */
final class EventSql {
    private EventSql() {
    }

    /**
     * Inserts {@code events} at positions {@code lastSeq + 1 ...}. The caller must hold the conversation's
     * row lock and then store the new last position in the same transaction.
     */
    static List<StoredEvent> insert(Handle h, String conversationId, long lastSeq, List<NewEvent> events,
                                    Instant now) {
        List<StoredEvent> stored = new ArrayList<>(events.size());
        PreparedBatch batch = h.prepareBatch("INSERT INTO events (conversation_id, seq, type, payload, created_at)"
                + " VALUES (:conversation, :seq, :type, :payload, :created)");
        long seq = lastSeq;
        for (NewEvent event : events) {
            seq++;
            batch.bind("conversation", conversationId)
                    .bind("seq", seq)
                    .bind("type", event.type())
                    .bind("payload", event.payloadJson())
                    .bind("created", now.toEpochMilli())
                    .add();
            stored.add(new StoredEvent(conversationId, seq, event.type(), event.payloadJson(), now));
        }
        batch.execute();
        return stored;
    }

    static List<StoredEvent> after(Handle h, String conversationId, long afterSeq, int limit) {
        return h.createQuery("SELECT " + Rows.EVENT_COLUMNS + " FROM events WHERE conversation_id = :conversation"
                        + " AND seq > :after ORDER BY seq LIMIT :limit")
                .bind("conversation", conversationId)
                .bind("after", afterSeq)
                .bind("limit", limit)
                .map(Rows::event)
                .list();
    }
}
