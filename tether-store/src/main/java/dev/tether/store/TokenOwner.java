package dev.tether.store;

import java.util.Objects;

/**
 * Who presented a valid access token: the answer of {@link AccessStore#authenticate(String)}.
 *
 * @param userName the token's user; the owner of the conversations the connection may see
 * @param tokenId the token's id, for logs and for revoking it
 */
public record TokenOwner(String userName, String tokenId) {
    public TokenOwner {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(tokenId, "tokenId");
    }
}
