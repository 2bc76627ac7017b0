package dev.tether.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tether.store.ConversationStore;
import dev.tether.store.StoreException;
import dev.tether.store.jdbc.JdbcConversationStore;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The cluster {@link ConversationStore} and {@link dev.tether.store.AccessStore}: PostgreSQL through a
 * HikariCP pool.
 *
 * <p>Every write is one READ COMMITTED transaction that starts by locking the conversation's row
 * ({@code FOR NO KEY UPDATE}), so writes to one conversation from any node take turns while different
 * conversations proceed in parallel; a write returns after the commit (durable per the server's
 * {@code synchronous_commit}). Safe for any number of (virtual) threads; calls beyond
 * {@link PostgresOptions#maxPoolSize()} wait up to {@link PostgresOptions#connectionTimeout()}.
 *
 * <p>Opening connects, then applies the migrations in {@code db/migration/postgresql}; an unreachable
 * server or bad credentials fail with a {@link StoreException} naming the URL (without its password).
 */
public final class PostgresConversationStore extends JdbcConversationStore {
    static final String MIGRATIONS = "classpath:db/migration/postgresql";

    private final HikariDataSource pool;
    private final Jdbi jdbi;

    private PostgresConversationStore(String shownUrl, HikariDataSource pool, PostgresOptions options) {
        super("PostgreSQL database " + shownUrl, options.clock());
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
    }

    /** Connects with {@link PostgresOptions#defaults()}; see {@link #open(String, String, String, PostgresOptions)}. */
    public static PostgresConversationStore open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, PostgresOptions.defaults());
    }

    /**
     * Connects to {@code jdbcUrl} (for example {@code jdbc:postgresql://db:5432/tether}) and migrates the
     * schema. {@code password} may be empty for trust or certificate authentication.
     *
     * @throws StoreException if the server cannot be reached, refuses the login, or migration fails
     */
    public static PostgresConversationStore open(String jdbcUrl, String user, String password,
                                                 PostgresOptions options) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(options, "options");
        String shownUrl = jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
        HikariDataSource pool = connect(jdbcUrl, user, password, options, shownUrl);
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations(MIGRATIONS)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new StoreException("Cannot migrate PostgreSQL database " + shownUrl + " with " + MIGRATIONS
                    + ": " + clause(e.getMessage()) + ". Check that user '" + user + "' may create tables there; if a"
                    + " newer Tether migrated it, upgrade this server.", e);
        }
        return new PostgresConversationStore(shownUrl, pool, options);
    }

    private static HikariDataSource connect(String jdbcUrl, String user, String password, PostgresOptions options,
                                            String shownUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("tether-postgres");
        config.setMaximumPoolSize(options.maxPoolSize());
        config.setConnectionTimeout(options.connectionTimeout().toMillis());
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable reason = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("Cannot connect to PostgreSQL at " + shownUrl + " as '" + user + "': "
                    + clause(reason.getMessage()) + ". Check that the server is running and the URL, user and password"
                    + " in the store configuration.", e);
        }
    }

    @Override
    protected <R> R inWriteTransaction(HandleCallback<R, RuntimeException> work) {
        return jdbi.inTransaction(work);
    }

    @Override
    protected <R> R withReadHandle(HandleCallback<R, RuntimeException> work) {
        return jdbi.withHandle(work);
    }

    @Override
    protected String lockConversationSql() {
        // NO KEY UPDATE: serialises writers of this conversation without blocking foreign-key checks.
        return "SELECT last_event_seq FROM conversations WHERE id = :id FOR NO KEY UPDATE";
    }

    @Override
    protected void release() {
        pool.close();
    }

    /** Drops a trailing period, so a driver's sentence can be followed by ours without "..". */
    private static String clause(String text) {
        String t = text == null ? "no reason given" : text.strip();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
