package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** "About you and memory": the user's own USER.md and MEMORY.md, read, changed and forgotten from the web chat. */
class ProfileBrowserTest extends BrowserTest {
    @Override
    void beforePage() {
        server.workspace.appendMemory("- Prefers answers with examples.");
    }

    private Locator dialog() {
        return chat.page.locator("#profile");
    }

    private void open() {
        chat.page.locator("#profile-open").click();
        assertThat(dialog()).isVisible();
        assertThat(chat.page.locator("#profile-about")).isEnabled();
    }

    @Test
    void whatTheUserWritesAboutThemselvesIsSavedAndShownAgain() {
        chat.open("");
        open();
        assertThat(chat.page.locator("#profile-memory")).containsText("Prefers answers with examples.");
        assertThat(chat.page.locator("#profile-about")).hasValue(server.workspace.aboutUser());
        assertThat(chat.page.locator("#profile-about")).isFocused();

        chat.page.locator("#profile-about").fill("I am Grace. Answer in short bullets.");
        dialog().locator("button[type=submit]").click();

        assertThat(chat.page.locator("#profile-status")).hasText("Saved. Your next messages use it.");
        assertThat(server.workspace.aboutUser()).isEqualTo("I am Grace. Answer in short bullets.\n");
        chat.page.locator("#profile-close").click();
        assertThat(dialog()).isHidden();
        open();
        assertThat(chat.page.locator("#profile-about")).hasValue("I am Grace. Answer in short bullets.\n");
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void forgettingTheMemoryAsksFirstThenEmptiesIt() {
        List<String> asked = new CopyOnWriteArrayList<>();
        boolean[] accept = {false};
        chat.page.onDialog(d -> {
            asked.add(d.message());
            if (accept[0]) {
                d.accept();
            } else {
                d.dismiss();
            }
        });
        chat.open("");
        open();

        chat.page.locator("#profile-forget").click();
        chat.page.waitForCondition(() -> asked.size() == 1);
        assertThat(server.workspace.memoryText()).contains("Prefers answers with examples.");

        accept[0] = true;
        chat.page.locator("#profile-forget").click();

        assertThat(chat.page.locator("#profile-status")).hasText("Your memory is empty now.");
        assertThat(chat.page.locator("#profile-memory")).not().containsText("Prefers answers");
        assertThat(server.workspace.memoryText()).doesNotContain("Prefers answers");
        assertThat(asked).allSatisfy(m -> assertThat(m).contains("cannot be undone"));
    }

    @Test
    void theDialogHasNoAccessibilityViolationsInEitherScheme() {
        for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            chat.page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            chat.open("");
            open();
            assertThat(Axe.violations(chat.page)).as(scheme.toString()).isEmpty();
        }
    }
}
