package dev.tether.gateway;

import java.util.Optional;

/**
 * Decides who a client is from the token it presents. Implementations: {@link #none()} for servers that run
 * without login (loopback only), and the token store's.
 */
@FunctionalInterface
public interface Authenticator {

    /** The user name for this token, or empty if the token is missing, unknown or revoked. */
    Optional<String> authenticate(Optional<String> token);

    /** Everyone is the single local user; only for servers bound to a loopback address. */
    static Authenticator none() {
        return token -> Optional.of("local");
    }
}
