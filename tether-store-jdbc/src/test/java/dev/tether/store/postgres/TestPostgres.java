package dev.tether.store.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL (zonky, embedded) for all PostgreSQL tests in this JVM, started on first use and stopped
 * at exit; each test gets a fresh schema, selected with {@code currentSchema} in the JDBC URL (a schema is
 * ~100x faster to create than a database). As root, zonky runs initdb and postgres inside {@code unshare -U},
 * since PostgreSQL refuses to run as root.
 */
final class TestPostgres {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL for the tests", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    System.err.println("Could not stop the embedded PostgreSQL: " + e);
                }
            }));
        }
        return server;
    }

    /** Creates a new, empty schema and returns its name. */
    static String freshSchema(String prefix) {
        String schema = prefix + SCHEMAS.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test schema " + schema, e);
        }
        return schema;
    }

    /** A JDBC URL for the {@code postgres} database whose default schema is {@code schema}. */
    static String jdbcUrl(String schema) {
        return server().getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema;
    }
}
