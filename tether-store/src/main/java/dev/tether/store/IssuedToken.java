package dev.tether.store;

import java.util.Objects;

/**
 * A token just created by {@link AccessStore#createToken(String, String)}, with its secret. This is the only
 * place the secret ever appears: show it to the user once and drop it. {@link #toString()} leaves it out, so
 * logging this record does not leak it.
 *
 * @param info the stored part, as {@link AccessStore#tokens(String)} will list it
 * @param secret {@link AccessStore#SECRET_PREFIX} followed by 43 base64url characters
 */
public record IssuedToken(TokenInfo info, String secret) {
    public IssuedToken {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(secret, "secret");
    }

    /** The token's id, to list and revoke it. */
    public String id() {
        return info.id();
    }

    @Override
    public String toString() {
        return "IssuedToken[info=" + info + ", secret=***]";
    }
}
