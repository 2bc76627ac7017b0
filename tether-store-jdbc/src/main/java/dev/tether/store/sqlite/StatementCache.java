package dev.tether.store.sqlite;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConnection;

/**
 * Keeps SQLite's prepared statements for reuse, per connection: neither the SQLite driver, HikariCP nor Jdbi
 * caches them, and preparing (parsing and planning the SQL) was 4.5% of the server's CPU in the throughput bench. A statement is
 * prepared on the driver's own connection (so the pool does not close it when the connection goes back), taken
 * out of the cache while a handle uses it, and put back with its parameters cleared when Jdbi closes it; at most
 * {@link #PER_CONNECTION} per connection, the least recently used closed first. Statements Jdbi asks for with
 * generated keys or updatable results are not cached. Entries of connections the pool has closed are dropped.
 * Thread-safe; a pool hands a connection to one thread at a time, and each connection's cache has its own lock.
 */
final class StatementCache implements StatementBuilderFactory {
    static final int PER_CONNECTION = 64;

    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}; a few entries (the write connection and the readers). */
    private final Map<SQLiteConnection, PerConnection> caches = new IdentityHashMap<>();

    @Override
    public StatementBuilder createStatementBuilder(Connection conn) {
        SQLiteConnection raw;
        try {
            raw = conn.unwrap(SQLiteConnection.class);
        } catch (SQLException e) {
            return new DefaultStatementBuilder(); // not a SQLite connection: nothing to cache on
        }
        return new Builder(raw, cacheOf(raw));
    }

    private PerConnection cacheOf(SQLiteConnection raw) {
        lock.lock();
        try {
            PerConnection cache = caches.get(raw);
            if (cache == null) {
                caches.values().removeIf(PerConnection::closeIfConnectionClosed); // retired by the pool
                cache = new PerConnection(raw);
                caches.put(raw, cache);
            }
            return cache;
        } finally {
            lock.unlock();
        }
    }

    /** Statements cached now, over all connections; for tests. */
    int size() {
        lock.lock();
        try {
            return caches.values().stream().mapToInt(PerConnection::size).sum();
        } finally {
            lock.unlock();
        }
    }

    /** Closes every cached statement; the connections are the pool's to close. */
    void clear() {
        lock.lock();
        try {
            caches.values().forEach(PerConnection::closeAll);
            caches.clear();
        } finally {
            lock.unlock();
        }
    }

    /** One connection's idle statements by SQL, least recently used first. */
    private static final class PerConnection {
        private final SQLiteConnection connection;
        private final ReentrantLock lock = new ReentrantLock();
        private final LinkedHashMap<String, PreparedStatement> idle = new LinkedHashMap<>(16, 0.75f, true);
        /** Statements this cache prepared that a handle holds now, with the SQL they were prepared from. */
        private final Map<Statement, String> lent = new IdentityHashMap<>();

        PerConnection(SQLiteConnection connection) {
            this.connection = connection;
        }

        PreparedStatement take(String sql) throws SQLException {
            lock.lock();
            try {
                PreparedStatement statement = idle.remove(sql);
                if (statement == null || statement.isClosed()) {
                    statement = connection.prepareStatement(sql);
                }
                lent.put(statement, sql);
                return statement;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Takes back a statement; false if this cache did not lend it. (Jdbi names the statement's SQL as written,
         * with named parameters, when it closes it, not as prepared: the key is the one it was lent under.)
         */
        boolean giveBack(Statement statement) throws SQLException {
            lock.lock();
            try {
                String sql = lent.remove(statement);
                if (sql == null) {
                    return false;
                }
                PreparedStatement prepared = (PreparedStatement) statement;
                if (prepared.isClosed()) {
                    return true;
                }
                prepared.clearParameters();
                PreparedStatement other = idle.put(sql, prepared);
                if (other != null && other != prepared) {
                    other.close(); // the same SQL was lent twice at once: keep one
                }
                if (idle.size() > PER_CONNECTION) {
                    var eldest = idle.entrySet().iterator();
                    eldest.next().getValue().close();
                    eldest.remove();
                }
                return true;
            } finally {
                lock.unlock();
            }
        }

        int size() {
            lock.lock();
            try {
                return idle.size();
            } finally {
                lock.unlock();
            }
        }

        boolean closeIfConnectionClosed() {
            try {
                if (!connection.isClosed()) {
                    return false;
                }
            } catch (SQLException e) {
                // treat as closed
            }
            closeAll();
            return true;
        }

        void closeAll() {
            lock.lock();
            try {
                for (PreparedStatement s : idle.values()) {
                    try {
                        s.close();
                    } catch (SQLException e) {
                        // closing a statement of a closed connection: nothing left to free
                    }
                }
                idle.clear();
            } finally {
                lock.unlock();
            }
        }
    }

    /** One handle's builder: plain prepared statements come from the connection's cache. */
    private static final class Builder implements StatementBuilder {
        private final DefaultStatementBuilder plain = new DefaultStatementBuilder();
        private final SQLiteConnection raw;
        private final PerConnection cache;

        Builder(SQLiteConnection raw, PerConnection cache) {
            this.raw = raw;
            this.cache = cache;
        }

        @Override
        public Statement create(Connection conn, StatementContext ctx) throws SQLException {
            return plain.create(conn, ctx);
        }

        @Override
        public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
            if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable() || !sameConnection(conn)) {
                return plain.create(conn, sql, ctx);
            }
            return cache.take(sql);
        }

        @Override
        public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
            return plain.createCall(conn, sql, ctx);
        }

        @Override
        public void close(Connection conn, String sql, Statement stmt) throws SQLException {
            if (!cache.giveBack(stmt)) {
                plain.close(conn, sql, stmt);
            }
        }

        private boolean sameConnection(Connection conn) throws SQLException {
            return conn.unwrap(SQLiteConnection.class) == raw;
        }
    }
}
