package dev.tether.store.sqlite;

import dev.tether.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opening a SQLite file: its directory, the per-connection pragmas, a probe, and the migrations. */
final class SqliteSetup {
    static final String MIGRATIONS = "classpath:db/migration/sqlite";

    private SqliteSetup() {
    }

    /** Creates the parent directories and checks that the directory can be written. */
    static void prepareDirectory(Path file) {
        Path dir = file.getParent();
        if (dir == null) {
            throw cannotOpen(file, "it is not a file path", null);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw cannotOpen(file, "cannot create directory " + dir + " (" + e + ")", e);
        }
        if (!Files.isWritable(dir)) {
            throw cannotOpen(file, "directory " + dir + " is not writable", null);
        }
        if (Files.isDirectory(file)) {
            throw cannotOpen(file, "it is a directory", null);
        }
    }

    /**
     * A data source whose every connection is in WAL mode with the chosen sync level, busy timeout and
     * foreign keys on. {@code immediate} makes each transaction {@code BEGIN IMMEDIATE}, taking the write
     * lock at the start rather than failing on upgrade when another process wrote in between.
     */
    static SQLiteDataSource dataSource(Path file, SqliteOptions options, boolean immediate) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(switch (options.synchronous()) {
            case FULL -> SQLiteConfig.SynchronousMode.FULL;
            case NORMAL -> SQLiteConfig.SynchronousMode.NORMAL;
        });
        config.setBusyTimeout(Math.toIntExact(options.busyTimeout().toMillis()));
        config.enforceForeignKeys(true);
        if (immediate) {
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }

    /** Opens one connection and reads the schema, so a bad file fails here with a clear message. */
    static void probe(Path file, SQLiteDataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
                rs.next();
            }
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                String mode = rs.next() ? rs.getString(1) : "unknown";
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw cannotOpen(file, "it cannot use WAL mode (journal_mode is '" + mode
                            + "'); a network file system may not support it, use a local disk", null);
                }
            }
        } catch (SQLException e) {
            throw cannotOpen(file, e.getMessage(), e);
        }
    }

    static void migrate(Path file, SQLiteDataSource ds) {
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations(MIGRATIONS)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("Cannot migrate SQLite database at " + file + " with " + MIGRATIONS + ": "
                    + clause(e.getMessage()) + ". If a newer Tether wrote this file, upgrade;"
                    + " otherwise restore a backup.", e);
        }
    }

    static StoreException cannotOpen(Path file, String reason, Throwable cause) {
        return new StoreException("Cannot open SQLite database at " + file + ": " + clause(reason)
                + ". Check the path and permissions, or set store.path in config.json.", cause);
    }

    /** Drops a trailing period, so a driver's sentence can be followed by ours without "..". */
    private static String clause(String text) {
        String t = text == null ? "no reason given" : text.strip();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
