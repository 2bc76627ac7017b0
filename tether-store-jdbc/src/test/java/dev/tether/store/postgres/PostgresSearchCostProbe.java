package dev.tether.store.postgres;

import dev.tether.store.ConversationStore;
import dev.tether.store.jdbc.SearchCostProbes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A rough measurement of {@link ConversationStore#search} on PostgreSQL, the counterpart of SQLite's
 * {@code SearchCostProbe}, run by hand (not by the build: the name is neither a test's nor an IT's):
 * {@code ./mvnw -q -B -o -pl tether-store-jdbc -am verify -Dtest=PostgresSearchCostProbe
 * -Dsurefire.failIfNoSpecifiedTests=false -DskipITs} (both: {@code -Dtest='*SearchCostProbe'}). Starts the embedded
 * PostgreSQL the ITs use ({@link TestPostgres}), fills a fresh schema with the same 1,000 conversations of 100
 * messages of about 500 characters (plain JDBC, one transaction, batched inserts rewritten into multi-row ones),
 * runs {@code VACUUM ANALYZE} (what autovacuum would soon do), times the same searches (see
 * {@link SearchCostProbes}), and prints the plan ({@code EXPLAIN ANALYZE}) of the search statement for a word no
 * message has and for a common one.
 */
class PostgresSearchCostProbe {
    /** The statement {@code SearchSql.page} sends for a first page (keep in step with it). */
    private static final String SEARCH = "SELECT c.id, c.title, (SELECT m.id FROM messages m WHERE %1$s"
            + " ORDER BY m.id DESC LIMIT 1) AS match_id FROM conversations c WHERE c.owner = ?"
            + " AND (lower(c.title) LIKE lower(?) ESCAPE '!' OR (SELECT m.id FROM messages m WHERE %1$s"
            + " ORDER BY m.id DESC LIMIT 1) IS NOT NULL)"
            + " ORDER BY c.updated_at DESC, c.id DESC LIMIT 51";
    private static final String MATCHING_MESSAGE = "m.conversation_id = c.id AND m.role IN ('USER', 'ASSISTANT')"
            + " AND lower(m.content) LIKE lower(?) ESCAPE '!'";

    @Test
    void measure() throws Exception {
        String schema = TestPostgres.freshSchema("tether_probe_");
        String url = TestPostgres.jdbcUrl(schema);
        PostgresConversationStore.open(url, "postgres", "", PostgresOptions.defaults()).close(); // the schema
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url + "&reWriteBatchedInserts=true", "postgres", "")) {
            SearchCostProbes.fill(c);
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE conversations, messages");
            }
            System.out.printf("PostgreSQL %s: filled %,d messages (%,d MB with indexes) in %.1f s%n", server(c),
                    SearchCostProbes.CONVERSATIONS * SearchCostProbes.MESSAGES,
                    value(c, "SELECT pg_total_relation_size('messages')") >> 20, (System.nanoTime() - start) / 1e9);
        }
        try (ConversationStore store = PostgresConversationStore.open(url, "postgres", "", PostgresOptions.defaults())) {
            SearchCostProbes.measure("PostgreSQL", store);
        }
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            explain(c, SearchCostProbes.ABSENT);
            explain(c, SearchCostProbes.COMMON);
        }
    }

    private static void explain(Connection c, String word) throws SQLException {
        String pattern = "%" + word + "%";
        try (PreparedStatement s = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) "
                + SEARCH.formatted(MATCHING_MESSAGE))) {
            int i = 0;
            for (String value : new String[] {pattern, SearchCostProbes.OWNER, pattern, pattern}) {
                s.setString(++i, value);
            }
            System.out.println("Plan of the search for \"" + word + "\":");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    System.out.println("  " + rs.getString(1));
                }
            }
        }
    }

    private static String server(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductVersion();
    }

    private static long value(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
