package dev.tether.store;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Durable storage of users and their access tokens, which the server checks when a client connects.
 *
 * <p>Contract:
 * <ul>
 *   <li>A user is a unique name matching {@link User#NAME_RULE}; it never changes and is the
 *       {@link Conversation#owner()} of that user's conversations. Users are never deleted: revoke their
 *       tokens instead.</li>
 *   <li>A token's secret is {@value #SECRET_PREFIX} followed by 32 bytes from {@code SecureRandom} in
 *       base64url without padding (47 characters in all). {@link #createToken(String, String)} returns it
 *       once; the store keeps only its SHA-256 hash, so a lost secret cannot be recovered, only replaced by
 *       a new token. Tokens do not expire; they stop working when revoked.</li>
 *   <li>{@link #authenticate(String)} looks the token up by the hash of the presented secret (so the
 *       comparison leaks nothing through timing) and writes its last-used time at most once per
 *       {@link #LAST_USED_RESOLUTION}, so a busy client does not cause a write per request. A revoke that
 *       commits while an authenticate is running may not be seen by that call, only by later ones.</li>
 *   <li>Every write returns only after it is durable. Thread-safe: any number of virtual threads may call
 *       concurrently, also from several servers sharing one database.</li>
 *   <li>Lists are not paged: they are meant for the handful of users of a self-hosted server. Users are
 *       listed by name, tokens by creation time.</li>
 *   <li>Invalid arguments raise {@link IllegalArgumentException} naming the value and the rule; a
 *       duplicate user raises {@link AlreadyExistsException}; an unknown user raises
 *       {@link StoreException.NotFound}; other failures raise {@link StoreException}.</li>
 * </ul>
 */
public interface AccessStore extends AutoCloseable {

    /** How every token secret starts, so a leaked one is recognisable (for example by secret scanners). */
    String SECRET_PREFIX = "tth_";

    /** How stale a token's last-used time may be: it is written at most this often per token. */
    Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    /** The longest token label, in characters. */
    int MAX_LABEL_LENGTH = 100;

    /**
     * Stores a new user.
     *
     * @throws IllegalArgumentException if {@code name} does not match {@link User#NAME_RULE}
     * @throws AlreadyExistsException if a user with that name exists
     */
    User createUser(String name);

    /** The user with this name; empty if there is none (also for names that break the rule). */
    Optional<User> user(String name);

    /** All users, ordered by name. */
    List<User> users();

    /**
     * Creates an active token for an existing user and returns it with its secret, which is not stored and
     * cannot be read again.
     *
     * @param label free text to recognise the token by, such as "laptop"; see {@link TokenInfo#checkLabel(String)}
     * @throws StoreException.NotFound if there is no such user
     * @throws IllegalArgumentException if the label breaks the rules of {@link TokenInfo#checkLabel(String)}
     */
    IssuedToken createToken(String userName, String label);

    /**
     * The owner of the active token whose secret this is; empty for an unknown, malformed or revoked
     * secret. Updates the token's last-used time when it is older than {@link #LAST_USED_RESOLUTION}.
     */
    Optional<TokenOwner> authenticate(String secret);

    /**
     * The user's tokens, active and revoked, oldest first.
     *
     * @throws StoreException.NotFound if there is no such user
     */
    List<TokenInfo> tokens(String userName);

    /** The token with this id, active or revoked; empty if there is none. */
    Optional<TokenInfo> token(String tokenId);

    /**
     * Revokes the token: from now on {@link #authenticate(String)} refuses its secret. Idempotent.
     *
     * @return true if this call revoked it; false if there is no such token or it was already revoked
     */
    boolean revoke(String tokenId);

    /**
     * Which of these token ids no longer sign in: revoked, or not in the store (never issued, or deleted). How a
     * server finds the live connections it must cut off after a {@link #revoke(String)} made elsewhere (the CLI,
     * another node): it asks about the tokens of all its connections at once, so any number of ids may be passed;
     * duplicates count once, and an empty collection is answered without asking the database.
     *
     * @return the revoked or unknown ids among {@code tokenIds}; empty if all of them still sign in
     * @throws NullPointerException if {@code tokenIds} is null or holds null
     */
    Set<String> revokedAmong(Collection<String> tokenIds);

    /** Releases connections and files. Further calls fail with {@link StoreException}. */
    @Override
    void close();
}
