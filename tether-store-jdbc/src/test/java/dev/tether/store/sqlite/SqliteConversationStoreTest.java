package dev.tether.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.store.AppendResult;
import dev.tether.testkit.store.Concurrently;
import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.testkit.store.ConversationStoreContract;
import dev.tether.store.NewEvent;
import dev.tether.store.StoreException;
import dev.tether.store.StoredEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a SQLite file in a temporary directory, plus SQLite's own settings and failures. */
class SqliteConversationStoreTest extends ConversationStoreContract {
    @TempDir
    Path dir;

    private Path dbFile() {
        return dir.resolve("data").resolve("tether.db");
    }

    private SqliteOptions options() {
        return SqliteOptions.defaults().withClock(clock);
    }

    @Override
    protected ConversationStore openStore() {
        return SqliteConversationStore.open(dbFile(), options());
    }

    @Override
    protected ConversationStore reopenStore() {
        return SqliteConversationStore.open(dbFile(), options());
    }

    @Test
    void opensInWalModeWithForeignKeysAndBusyTimeoutAndSyncsTheWalAfterEveryCommit() {
        SqliteConversationStore sqlite = (SqliteConversationStore) store;

        assertThat(sqlite.pragma("journal_mode")).isEqualTo("wal");
        // SQLite does not sync at commit (NORMAL); the store syncs the WAL file itself before a write returns
        assertThat(sqlite.pragma("synchronous")).isEqualTo("1");
        assertThat(sqlite.pragma("foreign_keys")).isEqualTo("1");
        assertThat(sqlite.pragma("busy_timeout")).isEqualTo("5000");
        long[] before = sqlite.commitsAndSyncs();
        store.createConversation("alice", "one");
        store.createConversation("alice", "two");
        long[] after = sqlite.commitsAndSyncs();
        assertThat(after[0] - before[0]).isEqualTo(2);
        assertThat(after[1] - before[1]).isEqualTo(2); // one at a time: each commit had its own sync
    }

    @Test
    void withNormalSyncNothingSyncsTheWalAtCommit() {
        try (SqliteConversationStore normal = SqliteConversationStore.open(dir.resolve("normal.db"),
                options().withSynchronous(SqliteOptions.Synchronous.NORMAL))) {
            normal.createConversation("alice", "x");
            assertThat(normal.pragma("synchronous")).isEqualTo("1"); // NORMAL
            assertThat(normal.commitsAndSyncs()[0]).isPositive();
            assertThat(normal.commitsAndSyncs()[1]).isZero();
        }
    }

    @Test
    void createsMissingParentDirectories() {
        assertThat(dbFile()).isRegularFile();
        try (var nested = SqliteConversationStore.open(dir.resolve("a/b/c/nested.db"), options())) {
            assertThat(nested.createConversation("alice", "x").id()).isNotBlank();
        }
        assertThat(dir.resolve("a/b/c/nested.db")).isRegularFile();
    }

    @Test
    void unusableDirectoryGivesAClearMessage() throws Exception {
        // Root may write anywhere, so use a regular file where a directory is needed.
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Path wanted = notADirectory.resolve("sub").resolve("tether.db");

        assertThatThrownBy(() -> SqliteConversationStore.open(wanted))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("Cannot open SQLite database at " + wanted + ": ")
                .hasMessageEndingWith(". Check the path and permissions, or set store.path in config.json.");
    }

    @Test
    void fileThatIsNotADatabaseGivesAClearMessage() throws Exception {
        Path garbage = Files.writeString(dir.resolve("notes.db"), "These are my notes, not a database. ".repeat(200));

        assertThatThrownBy(() -> SqliteConversationStore.open(garbage))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("Cannot open SQLite database at " + garbage)
                .hasMessageContaining("not a database")
                .hasMessageContaining("set store.path in config.json");
    }

    @Test
    void directoryInPlaceOfTheFileGivesAClearMessage() throws Exception {
        Path directory = Files.createDirectories(dir.resolve("is-a-directory.db"));

        assertThatThrownBy(() -> SqliteConversationStore.open(directory))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("Cannot open SQLite database at " + directory);
    }

    @Test
    void twoStoresOnOneFileTakeTurnsWriting() throws Exception {
        Conversation c = store.createConversation("alice", "Shared file");
        try (ConversationStore second = reopenStore()) {
            List<ConversationStore> stores = List.of(store, second);

            List<AppendResult> appends = Concurrently.run(8,
                    i -> stores.get(i % 2).appendUserMessage(c.id(), "same-client-id", "Hello " + i));
            List<List<StoredEvent>> events = Concurrently.run(8, i -> {
                List<StoredEvent> mine = new ArrayList<>();
                for (int k = 0; k < 5; k++) {
                    mine.addAll(stores.get(i % 2).appendEvents(c.id(), List.of(new NewEvent("e", "{}"))));
                }
                return mine;
            });

            assertThat(appends).filteredOn(r -> !r.duplicate()).hasSize(1);
            assertThat(events.stream().flatMap(List::stream).map(StoredEvent::seq).sorted().toList())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
        }
    }

    @Test
    void readsProceedWhileAnotherConnectionHoldsTheWriteLock() throws Exception {
        Conversation c = store.createConversation("alice", "x");
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dbFile());
             Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE"); // another process is writing
            assertThat(store.conversation(c.id())).isPresent();
            assertThat(store.history(c.id(), Optional.empty(), 10).items()).isEmpty();
            s.execute("ROLLBACK");
        }
    }
}
