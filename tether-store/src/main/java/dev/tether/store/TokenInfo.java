package dev.tether.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the store knows about an access token: everything but its secret, which it never keeps.
 *
 * @param id short public identifier, used to list and revoke; not a secret
 * @param label the free text given at creation (for example the device), may be empty
 * @param lastUsedAt the last successful {@link AccessStore#authenticate(String)}, to within
 *                   {@link AccessStore#LAST_USED_RESOLUTION}; empty if never used
 * @param revokedAt when {@link AccessStore#revoke(String)} revoked it; empty while it is active
 */
public record TokenInfo(String id, String userName, String label, Instant createdAt, Optional<Instant> lastUsedAt,
                        Optional<Instant> revokedAt) {
    public TokenInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    /**
     * Returns {@code label} if it is a valid token label: at most {@link AccessStore#MAX_LABEL_LENGTH}
     * characters, no control characters (it is shown in one table row). Empty is allowed.
     *
     * @throws IllegalArgumentException saying what is wrong and where otherwise
     */
    public static String checkLabel(String label) {
        Objects.requireNonNull(label, "label");
        if (label.length() > AccessStore.MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException("Token label is " + label.length() + " characters long; the limit is "
                    + AccessStore.MAX_LABEL_LENGTH + ". Use a short name such as the device, e.g. 'laptop'.");
        }
        for (int i = 0; i < label.length(); i++) {
            if (Character.isISOControl(label.charAt(i))) {
                throw new IllegalArgumentException("Token label contains a control character (U+"
                        + String.format("%04X", (int) label.charAt(i)) + ") at index " + i
                        + ". Use plain text on one line, e.g. 'laptop'.");
            }
        }
        return label;
    }

    /** Whether the token has been revoked and no longer authenticates. */
    public boolean revoked() {
        return revokedAt.isPresent();
    }
}
