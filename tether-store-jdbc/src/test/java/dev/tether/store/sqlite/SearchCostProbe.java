package dev.tether.store.sqlite;

import dev.tether.store.ConversationStore;
import dev.tether.store.jdbc.SearchCostProbes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/**
 * A rough measurement of {@link ConversationStore#search} on SQLite, run by hand (not by the build: the name is not
 * a test's): {@code ./mvnw -q -B -o -pl tether-store-jdbc -am verify -Dtest=SearchCostProbe
 * -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}. Fills a file with 1,000 conversations of 100 messages of about
 * 500 characters of random words, then times searches that find nothing (every message read), find a word only in
 * the oldest conversation, and find a common word (a page fills at once), and prints the median and worst of each
 * (see {@link SearchCostProbes}; {@code PostgresSearchCostProbe} does the same on PostgreSQL).
 */
class SearchCostProbe {
    @Test
    void measure() throws Exception {
        Path dir = Files.createTempDirectory("search-cost");
        Path db = dir.resolve("tether.db");
        SqliteConversationStore.open(db).close(); // the schema
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            SearchCostProbes.fill(c);
        }
        System.out.printf("SQLite: filled %,d messages (%,d MB) in %.1f s%n",
                SearchCostProbes.CONVERSATIONS * SearchCostProbes.MESSAGES, Files.size(db) >> 20,
                (System.nanoTime() - start) / 1e9);
        try (ConversationStore store = SqliteConversationStore.open(db)) {
            SearchCostProbes.measure("SQLite", store);
        }
    }
}
