package dev.tether.store.postgres;

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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The contract against a real PostgreSQL: one embedded server (zonky) per class, a new schema per test
 * (selected with {@code currentSchema} in the JDBC URL; a schema is ~100x faster to create than a database).
 * As root, zonky runs initdb and postgres inside {@code unshare -U}, since PostgreSQL refuses to run as root.
 */
class PostgresConversationStoreIT extends ConversationStoreContract {
    private String schema;
    private String jdbcUrl;

    private PostgresOptions options() {
        return PostgresOptions.defaults().withMaxPoolSize(8).withClock(clock);
    }

    @Override
    protected ConversationStore openStore() {
        schema = TestPostgres.freshSchema("tether_test_");
        jdbcUrl = TestPostgres.jdbcUrl(schema);
        return PostgresConversationStore.open(jdbcUrl, "postgres", "", options());
    }

    @Override
    protected ConversationStore reopenStore() {
        return PostgresConversationStore.open(jdbcUrl, "postgres", "", options());
    }

    @Test
    void migrationsAreRecordedOnceAndReopeningDoesNotRerunThem() throws SQLException {
        store.close();
        store = reopenStore();

        try (Connection c = TestPostgres.server().getPostgresDatabase().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, success FROM " + schema + ".flyway_schema_history"
                     + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            List<String> versions = new ArrayList<>();
            while (rs.next()) {
                assertThat(rs.getBoolean(2)).as("migration %s succeeded", rs.getString(1)).isTrue();
                versions.add(rs.getString(1));
            }
            assertThat(versions).containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
        }
    }

    @Test
    void searchHasStatisticsOnTheLowerCasedMessageText() throws SQLException {
        try (Connection c = TestPostgres.server().getPostgresDatabase().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_get_statisticsobjdef(oid) FROM pg_statistic_ext"
                     + " WHERE stxnamespace = '" + schema + "'::regnamespace")) {
            assertThat(rs.next()).as("a statistics object in " + schema).isTrue();
            assertThat(rs.getString(1)).contains("lower(content)").contains("messages");
        }
    }

    @Test
    void twoNodesOnOneDatabaseNeverHandOutTheSamePositionOrStoreAMessageTwice() throws Exception {
        Conversation c = store.createConversation("alice", "Shared");
        try (ConversationStore otherNode = reopenStore()) {
            List<ConversationStore> nodes = List.of(store, otherNode);

            List<AppendResult> appends = Concurrently.run(8,
                    i -> nodes.get(i % 2).appendUserMessage(c.id(), "same-client-id", "Hello " + i));
            List<List<StoredEvent>> events = Concurrently.run(8, i -> {
                List<StoredEvent> mine = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    mine.addAll(nodes.get(i % 2).appendEvents(c.id(), List.of(new NewEvent("e", "{}"))));
                }
                return mine;
            });

            assertThat(appends).filteredOn(r -> !r.duplicate()).hasSize(1);
            assertThat(events.stream().flatMap(List::stream).map(StoredEvent::seq).sorted().toList())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 80).boxed().toList());
            assertThat(otherNode.lastEventSeq(c.id())).isEqualTo(80);
        }
    }

    @Test
    void unreachableServerGivesAClearMessageWithoutThePassword() {
        String url = "jdbc:postgresql://127.0.0.1:1/tether?password=hunter2&connectTimeout=2";

        assertThatThrownBy(() -> PostgresConversationStore.open(url, "tether", "secret",
                PostgresOptions.defaults().withConnectionTimeout(Duration.ofSeconds(2))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("Cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/tether")
                .hasMessageContaining("Check that the server is running")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("secret"));
    }

    @Test
    void unknownDatabaseGivesAClearMessage() {
        String url = TestPostgres.server().getJdbcUrl("postgres", "no_such_database");

        assertThatThrownBy(() -> PostgresConversationStore.open(url, "postgres", "", options()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("Cannot connect to PostgreSQL")
                .hasMessageContaining("no_such_database");
    }
}
