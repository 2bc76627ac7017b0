package dev.tether.gateway;

import dev.tether.store.AccessStore;
import dev.tether.store.TokenOwner;
import java.util.Optional;
import java.util.Set;

/**
 * Decides who a client is from the token it presents, and later whether that token still signs in.
 * Implementations: {@link #none()} for servers that run without login (loopback only), and
 * {@link #tokens(AccessStore)}, the store's tokens.
 *
 * <p>REST asks {@link #authenticate} on every request. The WebSocket gateway asks it once, at hello, and then
 * every {@code server.token-recheck} asks {@link #revokedAmong} about the tokens of its open connections, so a
 * revoked token's connections are closed too. Both are called on virtual threads and may block on the store;
 * a failure is a {@link dev.tether.store.StoreException}.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * The user and token id for this token, or empty if the token is missing, unknown or revoked. The token id is
     * empty when there is no token to revoke ({@link #none()}).
     */
    Optional<TokenOwner> authenticate(Optional<String> token);

    /**
     * Which of these token ids (from {@link #authenticate}) no longer sign in: revoked, or gone from the store.
     * By default none: tokens that cannot be revoked.
     */
    default Set<String> revokedAmong(Set<String> tokenIds) {
        return Set.of();
    }

    /** Everyone is the single local user, without a token; only for servers bound to a loopback address. */
    static Authenticator none() {
        return token -> Optional.of(new TokenOwner("local", ""));
    }

    /** The store's access tokens: a token signs in until {@code tether token revoke} revokes it. */
    static Authenticator tokens(AccessStore access) {
        return new Authenticator() {
            @Override
            public Optional<TokenOwner> authenticate(Optional<String> token) {
                return token.flatMap(access::authenticate);
            }

            @Override
            public Set<String> revokedAmong(Set<String> tokenIds) {
                return access.revokedAmong(tokenIds);
            }
        };
    }
}
