package dev.tether.store.jdbc;

import dev.tether.store.TokenInfo;
import dev.tether.store.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** Statements on the {@code users} and {@code access_tokens} tables; callers supply the handle and transaction. */
final class AccessSql {
    private static final String TOKEN_COLUMNS = "id, user_name, label, created_at, last_used_at, revoked_at";

    private AccessSql() {
    }

    /** Returns the number of rows inserted: 0 if the name is taken (also when a concurrent insert won). */
    static int insertUser(Handle h, User user) {
        return h.createUpdate("INSERT INTO users (name, created_at) VALUES (:name, :created)"
                        + " ON CONFLICT (name) DO NOTHING")
                .bind("name", user.name())
                .bind("created", user.createdAt().toEpochMilli())
                .execute();
    }

    static Optional<User> user(Handle h, String name) {
        return h.createQuery("SELECT name, created_at FROM users WHERE name = :name").bind("name", name)
                .map(AccessSql::user).findOne();
    }

    static List<User> users(Handle h) {
        return h.createQuery("SELECT name, created_at FROM users ORDER BY name").map(AccessSql::user).list();
    }

    static void insertToken(Handle h, TokenInfo token, String secretSha256) {
        h.createUpdate("INSERT INTO access_tokens (id, user_name, label, secret_sha256, created_at)"
                        + " VALUES (:id, :user, :label, :hash, :created)")
                .bind("id", token.id())
                .bind("user", token.userName())
                .bind("label", token.label())
                .bind("hash", secretSha256)
                .bind("created", token.createdAt().toEpochMilli())
                .execute();
    }

    static Optional<TokenInfo> tokenByHash(Handle h, String secretSha256) {
        return h.createQuery("SELECT " + TOKEN_COLUMNS + " FROM access_tokens WHERE secret_sha256 = :hash")
                .bind("hash", secretSha256).map(AccessSql::token).findOne();
    }

    static Optional<TokenInfo> token(Handle h, String id) {
        return h.createQuery("SELECT " + TOKEN_COLUMNS + " FROM access_tokens WHERE id = :id")
                .bind("id", id).map(AccessSql::token).findOne();
    }

    static List<TokenInfo> tokensOf(Handle h, String userName) {
        return h.createQuery("SELECT " + TOKEN_COLUMNS + " FROM access_tokens WHERE user_name = :user"
                        + " ORDER BY created_at, id")
                .bind("user", userName).map(AccessSql::token).list();
    }

    /** Sets last-used to {@code now} unless it is already later than {@code staleBefore}; returns rows changed. */
    static int touch(Handle h, String id, Instant now, Instant staleBefore) {
        return h.createUpdate("UPDATE access_tokens SET last_used_at = :now WHERE id = :id"
                        + " AND (last_used_at IS NULL OR last_used_at <= :stale)")
                .bind("id", id)
                .bind("now", now.toEpochMilli())
                .bind("stale", staleBefore.toEpochMilli())
                .execute();
    }

    /** Which of these ids are tokens that are not revoked; at most a few hundred ids per call (bind variables). */
    static List<String> activeAmong(Handle h, List<String> ids) {
        return h.createQuery("SELECT id FROM access_tokens WHERE revoked_at IS NULL AND id IN (<ids>)")
                .bindList("ids", ids).mapTo(String.class).list();
    }

    /** Returns the number of rows changed: 0 if there is no such token or it is already revoked. */
    static int revoke(Handle h, String id, Instant now) {
        return h.createUpdate("UPDATE access_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("id", id).bind("now", now.toEpochMilli()).execute();
    }

    private static User user(ResultSet rs, StatementContext ctx) throws SQLException {
        return new User(rs.getString("name"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static TokenInfo token(ResultSet rs, StatementContext ctx) throws SQLException {
        return new TokenInfo(rs.getString("id"), rs.getString("user_name"), rs.getString("label"),
                Instant.ofEpochMilli(rs.getLong("created_at")), optionalTime(rs, "last_used_at"),
                optionalTime(rs, "revoked_at"));
    }

    private static Optional<Instant> optionalTime(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }
}
