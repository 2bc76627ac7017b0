package dev.tether.store.jdbc;

import dev.tether.store.AccessStore;
import dev.tether.store.AlreadyExistsException;
import dev.tether.store.IssuedToken;
import dev.tether.store.StoreException;
import dev.tether.store.TokenInfo;
import dev.tether.store.TokenOwner;
import dev.tether.store.User;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AccessStore} half of {@link JdbcConversationStore}: validation, secrets and the last-used
 * throttle, on the store's own transactions and connections.
 */
final class AccessOperations {
    private static final Logger LOG = LoggerFactory.getLogger(AccessOperations.class);
    /** Ids per {@code IN} list: far below SQLite's (32,766, or 999 before 3.32) and PostgreSQL's bind limits. */
    static final int IDS_PER_QUERY = 500;

    private final JdbcConversationStore store;
    private final Clock clock;

    AccessOperations(JdbcConversationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    User createUser(String name) {
        User user = new User(User.checkName(name), now());
        return store.write("createUser", "", h -> {
            if (AccessSql.insertUser(h, user) == 0) {
                throw new AlreadyExistsException("User '" + name + "' already exists. Use it, or pick another name.");
            }
            return user;
        });
    }

    Optional<User> user(String name) {
        Objects.requireNonNull(name, "name");
        return store.read("user", h -> AccessSql.user(h, name));
    }

    List<User> users() {
        return store.read("users", AccessSql::users);
    }

    IssuedToken createToken(String userName, String label) {
        Objects.requireNonNull(userName, "userName");
        TokenInfo.checkLabel(label);
        String secret = TokenSecrets.newSecret();
        TokenInfo info = new TokenInfo(TokenSecrets.newId(), userName, label, now(), Optional.empty(),
                Optional.empty());
        store.write("createToken", "", h -> {
            if (AccessSql.user(h, userName).isEmpty()) {
                throw userNotFound(userName);
            }
            AccessSql.insertToken(h, info, TokenSecrets.sha256(secret));
            return null;
        });
        return new IssuedToken(info, secret);
    }

    Optional<TokenOwner> authenticate(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (!TokenSecrets.wellFormed(secret)) {
            return Optional.empty();
        }
        String hash = TokenSecrets.sha256(secret);
        Optional<TokenInfo> found = store.read("authenticate", h -> AccessSql.tokenByHash(h, hash));
        if (found.isEmpty() || found.get().revoked()) {
            return Optional.empty();
        }
        TokenInfo token = found.get();
        Instant now = now();
        Instant staleBefore = now.minus(AccessStore.LAST_USED_RESOLUTION);
        if (token.lastUsedAt().isEmpty() || !token.lastUsedAt().get().isAfter(staleBefore)) {
            recordUse(token, now, staleBefore);
        }
        return Optional.of(new TokenOwner(token.userName(), token.id()));
    }

    List<TokenInfo> tokens(String userName) {
        Objects.requireNonNull(userName, "userName");
        return store.read("tokens", h -> {
            List<TokenInfo> tokens = AccessSql.tokensOf(h, userName);
            if (tokens.isEmpty() && AccessSql.user(h, userName).isEmpty()) {
                throw userNotFound(userName);
            }
            return tokens;
        });
    }

    Optional<TokenInfo> token(String tokenId) {
        Objects.requireNonNull(tokenId, "tokenId");
        return store.read("token", h -> AccessSql.token(h, tokenId));
    }

    boolean revoke(String tokenId) {
        Objects.requireNonNull(tokenId, "tokenId");
        Instant now = now();
        return store.write("revoke", " Retry the call; revoking twice is harmless.",
                h -> AccessSql.revoke(h, tokenId, now) == 1);
    }

    Set<String> revokedAmong(Collection<String> tokenIds) {
        Objects.requireNonNull(tokenIds, "tokenIds");
        Set<String> asked = new LinkedHashSet<>(tokenIds.size());
        for (String id : tokenIds) {
            asked.add(Objects.requireNonNull(id, "tokenIds holds null; pass only ids of tokens (TokenInfo.id())"));
        }
        if (asked.isEmpty()) {
            return Set.of();
        }
        List<String> ids = List.copyOf(asked);
        Set<String> active = store.read("revokedAmong", h -> {
            Set<String> found = new HashSet<>();
            for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
                found.addAll(AccessSql.activeAmong(h, ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY))));
            }
            return found;
        });
        asked.removeAll(active);
        return Set.copyOf(asked);
    }

    /**
     * Writes the last-used time. The secret was valid, so a failure here is logged rather than turned into
     * a refused login: the time is bookkeeping, and the next call a minute later tries again.
     */
    private void recordUse(TokenInfo token, Instant now, Instant staleBefore) {
        try {
            store.write("authenticate", "", h -> AccessSql.touch(h, token.id(), now, staleBefore));
        } catch (StoreException e) {
            LOG.warn("Token {} of user '{}' authenticated, but its last-used time was not saved: {}", token.id(),
                    token.userName(), e.getMessage());
        }
    }

    private static StoreException.NotFound userNotFound(String userName) {
        return new StoreException.NotFound("No user '" + userName + "'. Check the name ('tether user list' shows"
                + " them), or create the user first.");
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }
}
