package dev.tether.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementCacheTest {
    private static final String BY_ID = "SELECT name FROM t WHERE id = :id";
    @TempDir
    Path dir;
    private final StatementCache cache = new StatementCache();
    private HikariDataSource pool;
    private Jdbi jdbi;

    @BeforeEach
    void open() {
        HikariConfig config = new HikariConfig();
        config.setDataSource(SqliteSetup.dataSource(dir.resolve("c.db"), SqliteOptions.defaults(), false));
        config.setMaximumPoolSize(1);
        pool = new HikariDataSource(config);
        jdbi = Jdbi.create(pool).setStatementBuilderFactory(cache);
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
            for (int i = 1; i <= 3; i++) {
                h.execute("INSERT INTO t (id, name) VALUES (?, ?)", i, "n" + i);
            }
        });
    }

    @AfterEach
    void close() {
        cache.clear();
        pool.close();
    }

    @Test
    void theSameSqlReusesOneStatementAcrossHandlesWithFreshParameters() {
        List<Statement> used = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int id : new int[] {1, 2, 3, 2}) {
            jdbi.useHandle(h -> h.createQuery(BY_ID).bind("id", id).map((rs, ctx) -> {
                used.add(rs.getStatement());
                return rs.getString(1);
            }).forEach(names::add));
        }
        assertThat(names).containsExactly("n1", "n2", "n3", "n2");
        assertThat(used).hasSize(4).allSatisfy(s -> assertThat(s).isSameAs(used.get(0)));
        assertThat(jdbi.<String, RuntimeException>withHandle(h -> h.createQuery(BY_ID).bind("id", 3).mapTo(String.class).one())).isEqualTo("n3");
    }

    @Test
    void theSameSqlInsideItsOwnIterationGetsASecondStatement() {
        int before = cache.size();
        List<String> pairs = jdbi.withHandle(h -> h.createQuery("SELECT id FROM t ORDER BY id").mapTo(Integer.class)
                .stream().map(id -> id + ":" + nameOf(h, id) + "/" + h.createQuery("SELECT id FROM t ORDER BY id")
                        .mapTo(Integer.class).list().size()).toList());
        assertThat(pairs).containsExactly("1:n1/3", "2:n2/3", "3:n3/3");
        assertThat(cache.size()).isEqualTo(before + 2); // the ordered ids, and the names by id
    }

    @Test
    void writesInTransactionsWorkAndARolledBackOneLeavesNothing() {
        jdbi.useTransaction(h -> h.createUpdate("UPDATE t SET name = :n WHERE id = :id").bind("n", "x").bind("id", 1)
                .execute());
        assertThatThrownBy(() -> jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE t SET name = :n WHERE id = :id").bind("n", "y").bind("id", 2).execute();
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(jdbi.<List<String>, RuntimeException>withHandle(h -> h.createQuery("SELECT name FROM t ORDER BY id").mapTo(String.class).list()))
                .containsExactly("x", "n2", "n3");
    }

    @Test
    void atMostSixtyFourStatementsPerConnectionAreKept() {
        jdbi.useHandle(h -> {
            for (int i = 0; i < StatementCache.PER_CONNECTION + 10; i++) {
                assertThat(h.createQuery("SELECT " + i + " FROM t WHERE id = 1").mapTo(Integer.class).one()).isEqualTo(i);
            }
        });
        assertThat(cache.size()).isEqualTo(StatementCache.PER_CONNECTION);
    }

    @Test
    void statementsOfAConnectionThePoolRetiredAreDropped() {
        jdbi.useHandle(h -> nameOf(h, 1));
        assertThat(cache.size()).isEqualTo(3); // CREATE TABLE, INSERT, and the query
        pool.getHikariPoolMXBean().softEvictConnections(); // the pool closes the idle connection
        assertThat(jdbi.<String, RuntimeException>withHandle(h -> nameOf(h, 2))).isEqualTo("n2"); // a new connection: prepared anew
        // Hikari closes an evicted connection on its own executor, so the old connection's statements go soon after
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> cache.size() == 1);
    }

    @Test
    void aClearedCacheLeavesThePoolUsable() {
        // the store's own behaviour with the cache is what the SQLite contract tests check; here only that clearing
        // it (as closing the store does) closes what it held and a later use prepares anew
        jdbi.useHandle(h -> nameOf(h, 1));
        cache.clear();
        assertThat(cache.size()).isZero();
        assertThat(jdbi.<String, RuntimeException>withHandle(h -> nameOf(h, 3))).isEqualTo("n3");
    }

    private static String nameOf(Handle h, int id) {
        return h.createQuery(BY_ID).bind("id", id).mapTo(String.class).one();
    }
}
