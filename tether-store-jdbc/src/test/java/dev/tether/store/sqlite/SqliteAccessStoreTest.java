package dev.tether.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tether.store.AccessStore;
import dev.tether.store.Conversation;
import dev.tether.store.IssuedToken;
import dev.tether.store.TokenOwner;
import dev.tether.store.jdbc.DatabaseText;
import dev.tether.testkit.store.AccessStoreContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access contract on a SQLite file, plus the raw file bytes and the upgrade from a V1 database. */
class SqliteAccessStoreTest extends AccessStoreContract {
    @TempDir
    Path dir;

    private Path dbFile() {
        return dir.resolve("data").resolve("tether.db");
    }

    @Override
    protected AccessStore openStore() {
        return SqliteConversationStore.open(dbFile(), SqliteOptions.defaults().withClock(clock));
    }

    @Override
    protected AccessStore reopenStore() {
        return openStore();
    }

    @Override
    protected List<String> storedText() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile())) {
            return DatabaseText.all(c, null);
        }
    }

    @Test
    void theSecretAppearsInNoByteOfTheDatabaseFiles() throws Exception {
        store.createUser("ada");
        IssuedToken token = store.createToken("ada", "laptop");
        store.authenticate(token.secret());
        byte[] random = token.secret().substring(4).getBytes(StandardCharsets.US_ASCII);

        List<Path> files;
        try (Stream<Path> list = Files.list(dbFile().getParent())) {
            files = list.toList();
        }

        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(indexOf(Files.readAllBytes(file), random)).as(file.toString()).isEqualTo(-1);
        }
    }

    @Test
    void authenticatingARecentlyUsedTokenDoesNotWrite() throws Exception {
        store.createUser("ada");
        IssuedToken token = store.createToken("ada", "laptop");
        store.authenticate(token.secret()); // records the first use
        clock.advance(Duration.ofSeconds(30));

        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dbFile());
             Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE"); // another process holds the write lock for longer than the test waits
            // A write would wait for the 5 s busy timeout; a pure read answers at once.
            assertTimeoutPreemptively(Duration.ofSeconds(2),
                    () -> assertThat(store.authenticate(token.secret())).isPresent());
            s.execute("ROLLBACK");
        }
    }

    @Test
    void aRevokeByAnotherProcessOnTheFileIsSeenAtOnce() {
        store.createUser("ada");
        IssuedToken token = store.createToken("ada", "laptop");

        try (AccessStore cli = openStore()) { // what 'tether token revoke' opens while the server runs
            assertThat(store.revokedAmong(List.of(token.id()))).isEmpty();
            cli.revoke(token.id());
        }

        assertThat(store.revokedAmong(List.of(token.id()))).containsExactly(token.id());
    }

    @Test
    void aVersion1DatabaseIsUpgradedKeepingItsConversations() throws Exception {
        store.close();
        Path old = dir.resolve("old.db");
        Flyway.configure().dataSource("jdbc:sqlite:" + old, null, null).locations(SqliteSetup.MIGRATIONS)
                .target("1").load().migrate();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old); Statement s = c.createStatement()) {
            s.execute("INSERT INTO conversations (id, owner, title, created_at, updated_at) VALUES"
                    + " ('c1', 'ada', 'Before tokens', 1, 1)");
        }

        try (SqliteConversationStore upgraded = SqliteConversationStore.open(old)) {
            assertThat(upgraded.conversation("c1")).map(Conversation::title).contains("Before tokens");
            upgraded.createUser("ada");
            IssuedToken token = upgraded.createToken("ada", "laptop");
            assertThat(upgraded.authenticate(token.secret())).contains(new TokenOwner("ada", token.id()));
            assertThat(upgraded.conversations("ada", Optional.empty(), 10).items()).hasSize(1);
        }
        store = openStore();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
