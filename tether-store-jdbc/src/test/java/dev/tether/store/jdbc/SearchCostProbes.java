package dev.tether.store.jdbc;

import dev.tether.store.ConversationStore;
import dev.tether.store.Page;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What the hand-run search probes of both stores share (SQLite's {@code SearchCostProbe}, PostgreSQL's
 * {@code PostgresSearchCostProbe}): the data, written with plain JDBC in one transaction (through a store it would
 * take minutes of commits), and the timed searches. Not a test; the probes are not run by the build.
 */
public final class SearchCostProbes {
    public static final int CONVERSATIONS = 1_000;
    public static final int MESSAGES = 100;
    public static final int CHARS = 500;
    public static final int RUNS = 15;
    /** The owner of every conversation written. */
    public static final String OWNER = "probe";
    /** A word in one message of the oldest conversation only. */
    public static final String RARE = "needleword";
    /** A word in no message. */
    public static final String ABSENT = "xylophone";
    /** A word in nearly every message. */
    public static final String COMMON = "lorem";

    private static final String[] WORDS = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod"
            + " tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation"
            + " ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate velit"
            + " esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui"
            + " officia deserunt mollit anim id est laborum").split(" ");

    private SearchCostProbes() {
    }

    /**
     * Writes {@link #CONVERSATIONS} conversations of {@link #MESSAGES} user and assistant messages of about
     * {@link #CHARS} characters of random words (the same on every run) into a database whose schema the store
     * created, in one transaction, one batch of messages per conversation; each conversation is updated a minute
     * after the one before, so the oldest (the one with {@link #RARE}) is the last a search reaches.
     */
    public static void fill(Connection c) throws SQLException {
        Random random = new Random(42);
        c.setAutoCommit(false);
        try (PreparedStatement conv = c.prepareStatement("INSERT INTO conversations (id, owner, title, created_at,"
                + " updated_at) VALUES (?, '" + OWNER + "', ?, ?, ?)");
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
                    msg.setString(1, id);
                    msg.setString(2, m % 2 == 0 ? "USER" : "ASSISTANT");
                    msg.setString(3, text(random, i == 0 && m == MESSAGES / 2));
                    msg.setLong(4, at);
                    msg.addBatch();
                }
                msg.executeBatch();
            }
        }
        c.commit();
    }

    private static String text(Random random, boolean rare) {
        StringBuilder text = new StringBuilder(CHARS + 20);
        if (rare) {
            text.append(RARE).append(' ');
        }
        while (text.length() < CHARS) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(12) == 0 ? ".\n" : " ");
        }
        return text.toString();
    }

    /**
     * Times searches of {@code store} (filled by {@link #fill}) that find nothing (every message read), find a word
     * only in the oldest conversation, and find a common word (a page fills at once), and the title list for
     * comparison, and prints the median, best and worst of {@link #RUNS} runs of each, after two unmeasured ones.
     */
    public static void measure(String label, ConversationStore store) {
        time(label, "finds nothing (reads every message)", () -> store.search(OWNER, ABSENT, Optional.empty(), 50));
        time(label, "finds a word of the oldest conversation only",
                () -> store.search(OWNER, RARE, Optional.empty(), 50));
        time(label, "finds a common word (page of 50)", () -> store.search(OWNER, COMMON, Optional.empty(), 50));
        time(label, "title list, no search (for comparison)", () -> store.conversations(OWNER, Optional.empty(), 50));
    }

    private static void time(String label, String what, Supplier<Page<?>> search) {
        int found = search.get().items().size(); // and warms up
        search.get();
        long[] ms = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            search.get();
            ms[i] = (System.nanoTime() - t) / 1_000_000;
        }
        Arrays.sort(ms);
        System.out.printf("%-10s %-48s %2d found: median %4d ms, min %4d ms, max %4d ms%n", label, what, found,
                ms[RUNS / 2], ms[0], ms[RUNS - 1]);
    }
}
