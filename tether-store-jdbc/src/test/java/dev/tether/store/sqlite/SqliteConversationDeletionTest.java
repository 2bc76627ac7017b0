package dev.tether.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.testkit.store.ConversationDeletionContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting conversations on a SQLite file (foreign keys on, so the cascades run). */
class SqliteConversationDeletionTest extends ConversationDeletionContract {
    @TempDir
    Path dir;

    @Override
    protected ConversationStore openStore() {
        return SqliteConversationStore.open(dir.resolve("tether.db"));
    }

    @Test
    void noRowOfADeletedConversationIsLeftInAnyTable() throws SQLException {
        Conversation doomed = filled("alice", "Doomed");
        Conversation kept = filled("alice", "Kept");
        assertThat(rows(doomed.id())).containsExactly(1, 4, 2, 3);

        store.deleteConversation(doomed.id());

        assertThat(rows(doomed.id())).as("conversations, messages, events, jobs").containsExactly(0, 0, 0, 0);
        assertThat(rows(kept.id())).containsExactly(1, 4, 2, 3);
    }

    /** Rows of the conversation in conversations, messages, events and jobs, read with a connection of our own. */
    private int[] rows(String id) throws SQLException {
        String[] queries = {
            "SELECT count(*) FROM conversations WHERE id = ?",
            "SELECT count(*) FROM messages WHERE conversation_id = ?",
            "SELECT count(*) FROM events WHERE conversation_id = ?",
            "SELECT count(*) FROM jobs WHERE conversation_id = ?",
        };
        int[] counts = new int[queries.length];
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tether.db"))) {
            for (int i = 0; i < queries.length; i++) {
                try (PreparedStatement s = c.prepareStatement(queries[i])) {
                    s.setString(1, id);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        counts[i] = r.getInt(1);
                    }
                }
            }
        }
        return counts;
    }
}
