package dev.tether.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tether.store.ConversationStore;
import dev.tether.store.StoreException;
import dev.tether.store.jdbc.JdbcConversationStore;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The embedded {@link ConversationStore} and {@link dev.tether.store.AccessStore}: one SQLite file, the
 * default for a single server.
 *
 * <p>Durability: WAL journal, and unless {@link SqliteOptions#synchronous()} is {@code NORMAL} the WAL is
 * synced to disk after each commit before any of its writers returns, so a write that returned survives a
 * process crash and a power loss. Concurrency: SQLite has one writer, so writes run on a single connection
 * through a {@link GroupCommit}: callers that arrive while a commit is under way are committed together in the
 * next {@code BEGIN IMMEDIATE} transaction, each in its own savepoint (a failing write is rolled back alone),
 * and the fsync runs on the writers' own threads ({@link WalSync}), so the next batch commits while the disk
 * syncs the last one and one fsync serves many writes. Reads run on up to {@link SqliteOptions#readConnections()}
 * other connections and see the last committed state without waiting for the writer. Prepared statements are
 * kept per connection for reuse ({@link StatementCache}). Safe for any number of (virtual) threads. Another
 * process writing the same file is tolerated for {@link SqliteOptions#busyTimeout()}, then fails.
 *
 * <p>Opening creates missing parent directories and applies the migrations in
 * {@code db/migration/sqlite}; a path that cannot be opened fails with a {@link StoreException} naming it.
 */
public final class SqliteConversationStore extends JdbcConversationStore {
    private static final Pattern PRAGMA_NAME = Pattern.compile("[a-z_]+");

    private final HikariDataSource writerPool;
    private final HikariDataSource readerPool;
    private final Jdbi writer;
    private final Jdbi reader;
    private final GroupCommit commits;
    private final StatementCache statements = new StatementCache();

    private SqliteConversationStore(Path file, SqliteOptions options, HikariDataSource writerPool,
                                    HikariDataSource readerPool, WalSync sync) {
        super("SQLite database " + file, options.clock());
        this.writerPool = writerPool;
        this.readerPool = readerPool;
        this.writer = Jdbi.create(writerPool).setStatementBuilderFactory(statements);
        this.reader = Jdbi.create(readerPool).setStatementBuilderFactory(statements);
        this.commits = new GroupCommit(writer, sync, "tether-sqlite-writer " + file.getFileName());
    }

    /** Opens (creating if needed) the database at {@code dbFile} with {@link SqliteOptions#defaults()}. */
    public static SqliteConversationStore open(Path dbFile) {
        return open(dbFile, SqliteOptions.defaults());
    }

    /**
     * Opens (creating if needed) the database at {@code dbFile}.
     *
     * @throws StoreException if the directory cannot be created or written, the file is not a SQLite
     *                        database, or its schema is newer than this code
     */
    public static SqliteConversationStore open(Path dbFile, SqliteOptions options) {
        Objects.requireNonNull(dbFile, "dbFile");
        Objects.requireNonNull(options, "options");
        Path file = dbFile.toAbsolutePath().normalize();
        SqliteSetup.prepareDirectory(file);
        var plain = SqliteSetup.dataSource(file, options, false);
        SqliteSetup.probe(file, plain);
        SqliteSetup.migrate(file, plain);
        HikariDataSource writerPool = null;
        try {
            // The writer commits without waiting for the disk; with FULL, each caller syncs the WAL (WalSync) after
            // its batch committed and before it returns, while the writer thread commits the next batch.
            writerPool = pool(SqliteSetup.dataSource(file, options.withSynchronous(SqliteOptions.Synchronous.NORMAL),
                    true), "writer", 1);
            HikariDataSource readerPool = pool(plain, "reader", options.readConnections());
            WalSync sync = options.synchronous() == SqliteOptions.Synchronous.FULL ? WalSync.of(file) : null;
            return new SqliteConversationStore(file, options, writerPool, readerPool, sync);
        } catch (RuntimeException e) {
            if (writerPool != null) {
                writerPool.close();
            }
            throw SqliteSetup.cannotOpen(file, "cannot open its connection pool (" + e.getMessage() + ")", e);
        }
    }

    private static HikariDataSource pool(DataSource ds, String role, int size) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(ds);
        config.setPoolName("tether-sqlite-" + role);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    @Override
    protected <R> R inWriteTransaction(HandleCallback<R, RuntimeException> work) {
        // SQLite allows one writer at a time; queueing here is cheaper and fairer than busy retries, and the
        // queue lets one commit (one fsync) serve every writer that arrived meanwhile.
        return commits.write(work);
    }

    @Override
    protected <R> R withReadHandle(HandleCallback<R, RuntimeException> work) {
        return reader.withHandle(work);
    }

    /**
     * On the write connection, between two batches ({@link GroupCommit#read}): in WAL mode SQLite empties a
     * connection's page cache whenever another connection has committed, so on a busy server a reader connection
     * loads every page of such a read again, while the writer has them cached.
     */
    @Override
    protected <R> R withReadOfRecentWrites(HandleCallback<R, RuntimeException> work) {
        return commits.read(work);
    }

    @Override
    protected String lockConversationSql() {
        // The writer thread already serialises writers, so reading the row is enough.
        return "SELECT last_event_seq FROM conversations WHERE id = :id";
    }

    @Override
    protected void release() {
        commits.exclusively(() -> {
            statements.clear();
            readerPool.close();
            writerPool.close();
            return null;
        }, true);
    }

    /** Commits and WAL fsyncs so far; for tests. */
    long[] commitsAndSyncs() {
        return new long[] {commits.counts()[0], commits.syncs()};
    }

    /** The value of {@code PRAGMA name} on the write connection, for tests that check the settings. */
    String pragma(String name) {
        if (!PRAGMA_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a pragma name: '" + name + "'");
        }
        return commits.exclusively(() -> writer.withHandle(h -> h.createQuery("PRAGMA " + name)
                .mapTo(String.class).one()), false);
    }
}
