package dev.tether.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.store.AccessStore;
import dev.tether.store.AlreadyExistsException;
import dev.tether.store.IssuedToken;
import dev.tether.store.StoreException;
import dev.tether.store.TokenInfo;
import dev.tether.store.TokenOwner;
import dev.tether.store.User;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AccessStore} must have: users, and access tokens whose secrets are never
 * stored. An implementation's test extends this class and says how to open a fresh store, reopen it, and
 * read back everything it wrote (to prove the secret is not there).
 *
 * <p>Stores must take their time from {@link #clock}, which stands still unless a test advances it.
 */
public abstract class AccessStoreContract extends StoreContract<AccessStore> {
    private static final String SECRET_SHAPE = "tth_[A-Za-z0-9_-]{43}";

    protected final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));


    /** A new store on the same database as the last {@link #openStore()}; the old one is already closed. */
    protected abstract AccessStore reopenStore();

    /** Every value in the store's database (every column of every row of every table), as text. */
    protected abstract List<String> storedText() throws Exception;

    private IssuedToken tokenFor(String user, String label) {
        if (store.user(user).isEmpty()) {
            store.createUser(user);
        }
        return store.createToken(user, label);
    }

    // ---- users

    @Test
    void createdUsersAreReadBackAndListedByName() {
        for (String name : List.of("zoe", "ada", "bob.smith", "0", "a_b.c-d", "x".repeat(64))) {
            assertThat(store.createUser(name)).isEqualTo(new User(name, clock.instant()));
        }

        assertThat(store.user("ada")).contains(new User("ada", clock.instant()));
        assertThat(store.users()).extracting(User::name)
                .containsExactly("0", "a_b.c-d", "ada", "bob.smith", "x".repeat(64), "zoe");
    }

    @Test
    void invalidUserNamesAreRefusedNamingTheValueAndTheRule() {
        for (String name : List.of("", "Ada", "-ada", ".ada", "ada smith", "ada/x", "ädä", "x".repeat(65))) {
            assertThatThrownBy(() -> store.createUser(name)).as("name '%s'", name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + name + "'")
                    .hasMessageContaining(User.NAME_RULE);
        }
        assertThat(store.users()).isEmpty();
    }

    @Test
    void aSecondUserWithTheSameNameIsRefused() {
        store.createUser("ada");

        assertThatThrownBy(() -> store.createUser("ada"))
                .isInstanceOf(AlreadyExistsException.class)
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("User 'ada' already exists");
        assertThat(store.users()).hasSize(1);
    }

    @Test
    void concurrentCreatesOfOneNameStoreItOnce() throws Exception {
        List<Boolean> created = Concurrently.run(8, i -> {
            try {
                store.createUser("ada");
                return true;
            } catch (AlreadyExistsException e) {
                return false;
            }
        });

        assertThat(created).containsOnlyOnce(true);
        assertThat(store.users()).extracting(User::name).containsExactly("ada");
    }

    @Test
    void unknownUserIsEmpty() {
        assertThat(store.user("nobody")).isEmpty();
        assertThat(store.user("Not A Valid Name")).isEmpty();
    }

    // ---- creating and authenticating tokens

    @Test
    void aNewTokenAuthenticatesAsItsUser() {
        store.createUser("ada");
        IssuedToken token = store.createToken("ada", "laptop");

        assertThat(token.secret()).matches(SECRET_SHAPE);
        assertThat(token.info()).isEqualTo(new TokenInfo(token.id(), "ada", "laptop", clock.instant(),
                Optional.empty(), Optional.empty()));
        assertThat(store.token(token.id())).contains(token.info());
        assertThat(store.authenticate(token.secret())).contains(new TokenOwner("ada", token.id()));
    }

    @Test
    void secretsAndIdsAreUniqueAndUnrelated() {
        Set<String> secrets = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            IssuedToken t = tokenFor("ada", "t" + i);
            secrets.add(t.secret());
            ids.add(t.id());
            assertThat(t.secret()).doesNotContain(t.id());
            assertThat(t.id()).isNotBlank().doesNotContain(t.secret().substring(4, 12));
        }
        assertThat(secrets).hasSize(30);
        assertThat(ids).hasSize(30);
    }

    @Test
    void theSecretIsNeverStoredOnlyItsSha256() throws Exception {
        IssuedToken token = tokenFor("ada", "laptop");
        store.authenticate(token.secret());
        String random = token.secret().substring(AccessStore.SECRET_PREFIX.length());

        List<String> stored = storedText();

        assertThat(stored).isNotEmpty().contains(sha256Hex(token.secret()));
        assertThat(stored).noneMatch(value -> value.contains(random))
                .noneMatch(value -> value.contains(random.substring(0, 20)));
    }

    @Test
    void issuedTokenDoesNotPrintItsSecret() {
        IssuedToken token = tokenFor("ada", "laptop");

        assertThat(token.toString()).contains(token.id()).doesNotContain(token.secret());
    }

    @Test
    void aTokenForAnUnknownUserIsRefusedNamingTheUser() {
        assertThatThrownBy(() -> store.createToken("nobody", "x"))
                .isInstanceOf(StoreException.NotFound.class).hasMessageContaining("'nobody'");
    }

    @Test
    void labelsMayBeEmptyOrShortPlainText() {
        store.createUser("ada");
        for (String label : List.of("", "Ada's phone \uD83D\uDCF1", "x".repeat(AccessStore.MAX_LABEL_LENGTH))) {
            IssuedToken t = store.createToken("ada", label);
            assertThat(store.token(t.id()).orElseThrow().label()).isEqualTo(label);
        }
        assertThatThrownBy(() -> store.createToken("ada", "x".repeat(AccessStore.MAX_LABEL_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("101")
                .hasMessageContaining(String.valueOf(AccessStore.MAX_LABEL_LENGTH));
        assertThatThrownBy(() -> store.createToken("ada", "two\nlines"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character");
        assertThat(store.tokens("ada")).hasSize(3);
    }

    @Test
    void unknownAndMalformedSecretsDoNotAuthenticate() {
        String secret = tokenFor("ada", "laptop").secret();
        String lastChanged = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");
        for (String attempt : List.of("", "tth_", "nonsense", lastChanged, secret + "x", secret.substring(4),
                "Bearer " + secret, " " + secret, secret.toUpperCase(), "tth_" + "A".repeat(43))) {
            assertThat(store.authenticate(attempt)).as("'%s'", attempt).isEmpty();
        }
        assertThat(store.authenticate(secret)).isPresent();
    }

    // ---- listing and revoking

    @Test
    void tokensAreListedPerUserOldestFirst() {
        IssuedToken first = tokenFor("ada", "laptop");
        clock.advance(Duration.ofSeconds(1));
        IssuedToken bobs = tokenFor("bob", "phone");
        IssuedToken second = tokenFor("ada", "phone");
        store.createUser("carol");

        assertThat(store.tokens("ada")).containsExactly(first.info(), second.info());
        assertThat(store.tokens("bob")).containsExactly(bobs.info());
        assertThat(store.tokens("carol")).isEmpty();
        assertThatThrownBy(() -> store.tokens("nobody"))
                .isInstanceOf(StoreException.NotFound.class).hasMessageContaining("'nobody'");
    }

    @Test
    void aRevokedTokenNoLongerAuthenticatesAndOthersStillDo() {
        IssuedToken revoked = tokenFor("ada", "lost phone");
        clock.advance(Duration.ofSeconds(1));
        IssuedToken kept = tokenFor("ada", "laptop");
        clock.advance(Duration.ofMinutes(3));

        assertThat(store.revoke(revoked.id())).isTrue();

        assertThat(store.authenticate(revoked.secret())).isEmpty();
        assertThat(store.authenticate(kept.secret())).contains(new TokenOwner("ada", kept.id()));
        TokenInfo info = store.token(revoked.id()).orElseThrow();
        assertThat(info.revokedAt()).contains(clock.instant());
        assertThat(info.revoked()).isTrue();
        assertThat(store.tokens("ada")).extracting(TokenInfo::revoked).containsExactly(true, false);
    }

    @Test
    void revokingTwiceOrAnUnknownTokenReturnsFalse() {
        IssuedToken token = tokenFor("ada", "laptop");
        store.revoke(token.id());
        Instant revokedAt = clock.instant();
        clock.advance(Duration.ofMinutes(1));

        assertThat(store.revoke(token.id())).isFalse();
        assertThat(store.revoke("no-such-token")).isFalse();
        assertThat(store.token(token.id()).orElseThrow().revokedAt()).contains(revokedAt);
        assertThat(store.token("no-such-token")).isEmpty();
    }

    // ---- finding revoked tokens among many

    @Test
    void revokedAmongNamesTheRevokedAndUnknownIdsOnly() {
        IssuedToken adasLaptop = tokenFor("ada", "laptop");
        IssuedToken adasPhone = tokenFor("ada", "phone");
        IssuedToken bobs = tokenFor("bob", "laptop");
        store.revoke(adasPhone.id());

        Set<String> revoked = store.revokedAmong(List.of(adasLaptop.id(), adasPhone.id(), bobs.id(), "no-such-token",
                adasPhone.id()));

        assertThat(revoked).containsExactlyInAnyOrder(adasPhone.id(), "no-such-token");
        assertThat(store.revokedAmong(List.of(adasLaptop.id(), bobs.id()))).isEmpty();
        assertThat(store.revokedAmong(List.of())).isEmpty();
        assertThat(store.authenticate(adasLaptop.secret())).isPresent(); // asking changes nothing
    }

    @Test
    void revokedAmongAnswersForMoreIdsThanOneQueryCanBind() {
        List<IssuedToken> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tokens.add(tokenFor("ada", "t" + i));
        }
        store.revoke(tokens.get(3).id());
        List<String> asked = new java.util.ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            asked.add("unknown-" + i);
        }
        tokens.forEach(t -> asked.add(asked.size() / 2, t.id())); // the real ones in the middle, past any chunk edge

        Set<String> revoked = store.revokedAmong(asked);

        assertThat(revoked).hasSize(40_001).contains(tokens.get(3).id(), "unknown-0", "unknown-39999")
                .doesNotContain(tokens.get(0).id(), tokens.get(1).id(), tokens.get(2).id(), tokens.get(4).id());
    }

    @Test
    void revokedAmongRefusesNullsNamingTheArgument() {
        String id = tokenFor("ada", "laptop").id();

        assertThatThrownBy(() -> store.revokedAmong(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("tokenIds");
        assertThatThrownBy(() -> store.revokedAmong(java.util.Arrays.asList(id, null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("tokenIds holds null");
    }

    // ---- last used

    @Test
    void lastUsedIsRecordedAtMostOncePerMinute() {
        IssuedToken token = tokenFor("ada", "laptop");
        Instant first = clock.instant().plusSeconds(5);
        clock.advance(Duration.ofSeconds(5));

        store.authenticate(token.secret());
        assertThat(lastUsed(token)).contains(first);

        clock.advance(Duration.ofSeconds(59));
        store.authenticate(token.secret());
        assertThat(lastUsed(token)).contains(first);

        clock.advance(Duration.ofSeconds(1));
        store.authenticate(token.secret());
        assertThat(lastUsed(token)).contains(clock.instant());
    }

    @Test
    void concurrentAuthenticationsAllSucceedAndLeaveOneLastUsedTime() throws Exception {
        List<IssuedToken> tokens = List.of(tokenFor("ada", "laptop"), tokenFor("bob", "phone"));

        List<Integer> successes = Concurrently.run(16, t -> {
            int ok = 0;
            for (int i = 0; i < 20; i++) {
                IssuedToken token = tokens.get((t + i) % 2);
                Optional<TokenOwner> owner = store.authenticate(token.secret());
                if (owner.equals(Optional.of(new TokenOwner(token.info().userName(), token.id())))) {
                    ok++;
                }
                if (i % 7 == 0) {
                    clock.advance(Duration.ofSeconds(10));
                }
            }
            return ok;
        });

        assertThat(successes).containsOnly(20);
        for (IssuedToken token : tokens) {
            Instant last = lastUsed(token).orElseThrow();
            assertThat(last).isBeforeOrEqualTo(clock.instant());
            clock.advance(AccessStore.LAST_USED_RESOLUTION);
            store.authenticate(token.secret());
            assertThat(lastUsed(token)).contains(clock.instant());
        }
    }

    // ---- durability and lifecycle

    @Test
    void usersTokensAndRevocationsSurviveReopen() {
        IssuedToken kept = tokenFor("ada", "laptop");
        IssuedToken revoked = tokenFor("ada", "old");
        store.revoke(revoked.id());
        store.close();

        store = reopenStore();

        assertThat(store.users()).extracting(User::name).containsExactly("ada");
        assertThat(store.authenticate(kept.secret())).contains(new TokenOwner("ada", kept.id()));
        assertThat(store.authenticate(revoked.secret())).isEmpty();
        assertThatThrownBy(() -> store.createUser("ada")).isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void closedStoreRejectsCalls() {
        IssuedToken token = tokenFor("ada", "laptop");
        store.close();

        assertThatThrownBy(() -> store.authenticate(token.secret())).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.createUser("bob")).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.revokedAmong(List.of(token.id()))).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
        store.close(); // closing twice is harmless
    }

    private Optional<Instant> lastUsed(IssuedToken token) {
        return store.token(token.id()).orElseThrow().lastUsedAt();
    }

    private static String sha256Hex(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }
}
