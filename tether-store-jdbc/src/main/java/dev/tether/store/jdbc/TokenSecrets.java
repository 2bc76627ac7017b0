package dev.tether.store.jdbc;

import dev.tether.store.AccessStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Token secrets, ids and hashes. A secret carries 256 random bits, so a plain (unsalted) SHA-256 is enough:
 * there is nothing to guess from, and the hash can be looked up directly instead of compared one by one.
 */
final class TokenSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SECRET_BYTES = 32;
    private static final int ID_BYTES = 8;
    private static final Pattern SECRET = Pattern.compile(Pattern.quote(AccessStore.SECRET_PREFIX)
            + "[A-Za-z0-9_-]{43}");

    private TokenSecrets() {
    }

    /** {@code tth_} followed by 32 random bytes in base64url without padding. */
    static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return AccessStore.SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A public id: 16 lowercase hex digits, drawn independently of the secret so it reveals nothing of it. */
    static String newId() {
        byte[] bytes = new byte[ID_BYTES];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Whether {@code text} has the shape of a secret; anything else is refused without a database lookup. */
    static boolean wellFormed(String text) {
        return text.length() == AccessStore.SECRET_PREFIX.length() + 43 && SECRET.matcher(text).matches();
    }

    /** The SHA-256 of the secret's UTF-8 bytes, lowercase hex: what the store keeps instead of the secret. */
    static String sha256(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256, which every Java runtime must provide", e);
        }
    }
}
