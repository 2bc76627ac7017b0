package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.tether.store.Conversation;
import dev.tether.store.IssuedToken;
import dev.tether.store.sqlite.SqliteConversationStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leaving a session: the Sign out button, a token revoked while the page is open, and a token of another user:
 * the page asks for a token, and nothing of one user (token, unsent messages, conversation list) is left for the
 * next, nor sent as them. Real server and store: tokens are created and revoked in its SQLite file.
 */
class SignOutBrowserTest {
    /** Local data of the signed-in user the page keeps, by key. */
    private static final String STORED = "() => Object.fromEntries(['tether.token', 'tether.user', 'tether.outbox',"
            + " 'tether.known', 'tether.current'].map(k => [k, localStorage.getItem(k)]))";

    @TempDir
    Path dir;
    UiServer server;
    ChatPage chat;

    @AfterEach
    void stop() {
        if (chat != null) {
            chat.close();
        }
        server.close();
    }

    private void start(String... overrides) {
        server = UiServer.withStoreTokens(dir, "ada", overrides);
        chat = new ChatPage(server);
    }

    /** Revokes as {@code tether token revoke} does: another process's store on the server's database file. */
    private void revokeFromTheCli(IssuedToken token) {
        try (SqliteConversationStore cli = SqliteConversationStore.open(dir.resolve("tether.db"))) {
            assertThat(cli.revoke(token.id())).isTrue();
        }
    }

    /** Sends a message the server cannot get yet (offline): it waits in the outbox. */
    private void sendWhileOffline(String text) {
        chat.offline(true);
        chat.dropSocket();
        chat.awaitState("offline");
        chat.send(text);
        assertThat(chat.eval("() => window.tether.outbox.list().length")).isEqualTo(1);
    }

    /** Answers the next confirm() with {@code accept}; returns the list its message is added to. */
    private List<String> nextConfirm(boolean accept) {
        List<String> asked = new CopyOnWriteArrayList<>();
        chat.page.onceDialog(d -> {
            asked.add(d.message());
            if (accept) {
                d.accept();
            } else {
                d.dismiss();
            }
        });
        return asked;
    }

    @Test
    void signingOutForgetsTheTokenAndTheUsersDataAndAReloadStillAsksForOne() {
        start();
        IssuedToken ada = server.token("ada", "laptop");
        server.conversation("Ada's secrets");
        chat.open("token=" + ada.secret());
        assertThat(chat.page.locator("#conversations")).containsText("Ada's secrets");
        sendWhileOffline("not sent yet");

        List<String> declined = nextConfirm(false);
        chat.page.locator("#sign-out").click();
        assertThat(declined).containsExactly("Sign out? 1 message not sent yet will be lost.");
        assertThat(chat.page.locator("#login")).isHidden();
        assertThat(chat.eval("() => localStorage.getItem('tether.token')")).isEqualTo(ada.secret());

        List<String> accepted = nextConfirm(true);
        chat.page.locator("#sign-out").click();
        assertThat(accepted).hasSize(1);
        assertThat(chat.page.locator("#login")).isVisible();
        assertThat(chat.page.locator("#login-error")).isHidden();
        assertThat(chat.page.locator("#app")).isHidden(); // Ada's conversations are not left behind the dialog
        assertThat((Map<?, ?>) chat.eval(STORED)).hasSize(5).allSatisfy((key, value) -> assertThat(value)
                .as(String.valueOf(key)).isNull());
        chat.page.keyboard().press("Escape");
        assertThat(chat.page.locator("#login")).isVisible(); // nothing else to do while signed out

        chat.offline(false);
        chat.page.reload();
        chat.awaitState("unauthorized");
        assertThat(chat.page.locator("#login")).isVisible();
        assertThat(chat.page.locator("#conversations")).not().containsText("Ada's secrets");
        assertThat(chat.eval("() => localStorage.getItem('tether.token')")).isNull();
        assertThat(conversationsOf("ada")).hasSize(1); // the draft was never sent
    }

    @Test
    void signingOutInOneTabSignsOutTheOthersOfTheBrowser() {
        start();
        IssuedToken ada = server.token("ada", "laptop");
        server.conversation("Ada's secrets");
        chat.open("token=" + ada.secret());
        Page other = chat.context.newPage(); // same browser profile: same localStorage
        other.navigate(server.baseUrl() + "/");
        assertThat(other.locator("#conversations")).containsText("Ada's secrets");

        chat.page.locator("#sign-out").click();

        assertThat(other.locator("#login")).isVisible();
        assertThat(other.locator("#login-error")).hasText("You signed out in another tab.");
        assertThat(other.locator("#app")).isHidden();
        assertThat(other.locator("#status")).hasAttribute("data-state", "unauthorized");
    }

    @Test
    void aTokenRevokedWhileThePageIsOpenBringsUpTheSignInDialogSayingSo() {
        start("token-recheck=200ms");
        IssuedToken ada = server.token("ada", "laptop");
        chat.open("token=" + ada.secret());
        assertThat(chat.page.locator("#sign-out")).isVisible();

        revokeFromTheCli(ada);

        assertThat(chat.page.locator("#login")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(3000));
        assertThat(chat.page.locator("#login-error")).hasText("That token was refused. The access token " + ada.id()
                + " of user 'ada' was revoked, so this connection is closed. Sign in with a new one ('tether token"
                + " create --user ada' on the server).");
        chat.awaitState("unauthorized");

        IssuedToken replacement = server.token("ada", "laptop again");
        chat.page.locator("#token-input").fill(replacement.secret());
        chat.page.locator("#token-input").press("Enter");
        chat.awaitState("open");
        assertThat(chat.page.locator("#login")).isHidden();
    }

    @Test
    void aTokenOfAnotherUserDoesNotSendTheFirstUsersUnsentMessages() {
        start("token-recheck=200ms");
        IssuedToken ada = server.token("ada", "laptop");
        IssuedToken bob = server.token("bob", "laptop");
        String adas = server.conversation("Ada's chat");
        chat.open("token=" + ada.secret());
        assertThat(chat.page.locator("#conversations")).containsText("Ada's chat");
        sendWhileOffline("for Ada only");
        revokeFromTheCli(ada);
        chat.offline(false);
        chat.awaitState("unauthorized"); // the reconnect's hello is refused

        List<String> asked = nextConfirm(true);
        chat.page.locator("#token-input").fill(bob.secret());
        chat.page.locator("#token-input").press("Enter");

        // the page starts again as Bob, or (the leak this guards against) Ada's message reaches Bob's account
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> !conversationsOf("bob").isEmpty()
                || "bob".equals(chat.eval("() => localStorage.getItem('tether.user')")));
        assertThat(conversationsOf("bob")).isEmpty();
        chat.awaitState("open");
        assertThat(asked).containsExactly("This token signs in as “bob”, but 1 message of “ada” has not been sent yet"
                + " and will be lost. Sign in as “bob”?");
        assertThat(chat.page.locator("#conversations")).not().containsText("Ada's chat");
        assertThat(chat.eval("() => window.tether.outbox.list().length")).isEqualTo(0);
        assertThat(server.store.history(adas, Optional.empty(), 10).items()).isEmpty();
        assertThat(conversationsOf("ada")).hasSize(1);
    }

    private List<Conversation> conversationsOf(String user) {
        return server.store.conversations(user, Optional.empty(), 10).items();
    }

    @Test
    void withoutTokensThereIsNoSignOut() {
        server = new UiServer(dir); // auth "none": the page never has a token
        chat = new ChatPage(server);
        chat.open("");
        assertThat(chat.page.locator("#sign-out")).isHidden();
    }
}
