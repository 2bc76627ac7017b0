package dev.tether.store.sqlite;

import dev.tether.store.ConversationStore;
import dev.tether.store.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A rough measurement of {@link ConversationStore#search} on SQLite, run by hand (not by the build: the name is not
 * a test's): {@code ./mvnw -q -B -o -pl tether-store-jdbc -am verify -Dtest=SearchCostProbe
 * -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}. Fills a file with 1,000 conversations of 100 messages of about
 * 500 characters of random words (written with plain JDBC in one transaction: through the store it would take
 * minutes of fsyncs), then times searches that find nothing (every message read), find a word only in the oldest
 * conversation, and find a common word (a page fills at once), and prints the median and worst of each.
 */
class SearchCostProbe {
    static final int CONVERSATIONS = 1_000;
    static final int MESSAGES = 100;
    static final int CHARS = 500;
    static final int RUNS = 15;

    @Test
    void measure() throws Exception {
        Path dir = Files.createTempDirectory("search-cost");
        Path db = dir.resolve("tether.db");
        SqliteConversationStore.open(db).close(); // the schema
        long start = System.nanoTime();
        fill(db);
        System.out.printf("filled %,d messages (%,d MB) in %.1f s%n", CONVERSATIONS * MESSAGES,
                Files.size(db) >> 20, (System.nanoTime() - start) / 1e9);
        try (ConversationStore store = SqliteConversationStore.open(db)) {
            time("finds nothing (reads every message)", () -> store.search("probe", "xylophone", Optional.empty(), 50));
            time("finds a word of the oldest conversation only", () -> store.search("probe", "needleword",
                    Optional.empty(), 50));
            time("finds a common word (page of 50)", () -> store.search("probe", "lorem", Optional.empty(), 50));
            time("title list, no search (for comparison)", () -> store.conversations("probe", Optional.empty(), 50));
        }
    }

    private static void time(String what, Supplier<Page<?>> search) {
        int found = search.get().items().size(); // and warms up
        search.get();
        long[] ms = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            search.get();
            ms[i] = (System.nanoTime() - t) / 1_000_000;
        }
        Arrays.sort(ms);
        System.out.printf("%-48s %2d found: median %4d ms, min %4d ms, max %4d ms%n", what, found, ms[RUNS / 2], ms[0],
                ms[RUNS - 1]);
    }

    private static void fill(Path db) throws SQLException {
        String[] words = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut"
                + " labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi"
                + " aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum"
                + " fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui officia"
                + " deserunt mollit anim id est laborum").split(" ");
        Random random = new Random(42);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.setAutoCommit(false);
            try (PreparedStatement conv = c.prepareStatement("INSERT INTO conversations (id, owner, title, created_at,"
                    + " updated_at) VALUES (?, 'probe', ?, ?, ?)");
                 PreparedStatement msg = c.prepareStatement("INSERT INTO messages (conversation_id, role, content,"
                         + " status, created_at) VALUES (?, ?, ?, 'COMPLETE', ?)")) {
                for (int i = 0; i < CONVERSATIONS; i++) {
                    String id = UUID.randomUUID().toString();
                    long at = 1_700_000_000_000L + i * 60_000L;
                    conv.setString(1, id);
                    conv.setString(2, "Conversation " + i);
                    conv.setLong(3, at);
                    conv.setLong(4, at);
                    conv.executeUpdate();
                    for (int m = 0; m < MESSAGES; m++) {
                        StringBuilder text = new StringBuilder(CHARS + 20);
                        if (i == 0 && m == 50) {
                            text.append("needleword ");
                        }
                        while (text.length() < CHARS) {
                            text.append(words[random.nextInt(words.length)]).append(random.nextInt(12) == 0 ? ".\n" : " ");
                        }
                        msg.setString(1, id);
                        msg.setString(2, m % 2 == 0 ? "USER" : "ASSISTANT");
                        msg.setString(3, text.toString());
                        msg.setLong(4, at);
                        msg.addBatch();
                    }
                    msg.executeBatch();
                }
            }
            c.commit();
        }
    }
}
