package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.store.TokenOwner;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server with tokens: the login form on 4001, and a token handed over in the URL fragment. */
class AuthBrowserTest {
    static final String TOKEN = "tth_good";

    @TempDir
    Path dir;
    UiServer server;
    ChatPage chat;

    @BeforeEach
    void start() {
        server = new UiServer(dir, token -> token.filter(TOKEN::equals).map(t -> new TokenOwner("ada", "t1")), "ada");
        server.conversation("Ada's chat");
        chat = new ChatPage(server);
    }

    @AfterEach
    void stop() {
        chat.close();
        server.close();
    }

    @Test
    void withoutATokenTheLoginFormAsksForOneAndARefusedTokenSaysSo() {
        chat.page.navigate(server.baseUrl() + "/");
        chat.awaitState("unauthorized");
        assertThat(chat.page.locator("#login")).isVisible();
        assertThat(chat.page.locator("#token-input")).isFocused();

        chat.page.locator("#token-input").fill("tth_wrong");
        chat.page.locator("#token-input").press("Enter");
        assertThat(chat.page.locator("#login-error")).containsText("refused");

        chat.page.locator("#token-input").fill(TOKEN);
        chat.page.locator("#token-input").press("Enter");
        chat.awaitState("open");
        assertThat(chat.page.locator("#login")).isHidden();
        assertThat(chat.page.locator("#conversations")).containsText("Ada's chat"); // REST with the bearer token
    }

    @Test
    void theSignInDialogWithARefusalHasNoAccessibilityViolations() {
        chat.page.navigate(server.baseUrl() + "/");
        chat.awaitState("unauthorized");
        chat.page.locator("#token-input").fill("tth_wrong");
        chat.page.locator("#token-input").press("Enter");
        assertThat(chat.page.locator("#login-error")).containsText("refused");

        org.assertj.core.api.Assertions.assertThat(Axe.violations(chat.page)).isEmpty();
    }

    @Test
    void aTokenInTheFragmentIsUsedKeptAndRemovedFromTheAddressBar() {
        chat.page.navigate(server.baseUrl() + "/#token=" + TOKEN);
        chat.awaitState("open");
        assertThat(chat.page.url()).doesNotContain(TOKEN);
        assertThat(chat.eval("() => localStorage.getItem('tether.token')")).isEqualTo(TOKEN);
        assertThat(chat.page.locator("#conversations")).containsText("Ada's chat");

        chat.page.navigate(server.baseUrl() + "/");
        chat.awaitState("open");
        assertThat(Optional.ofNullable(chat.page.locator("#login").getAttribute("open"))).isEmpty();
    }
}
