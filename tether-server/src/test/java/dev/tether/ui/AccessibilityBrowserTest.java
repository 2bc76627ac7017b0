package dev.tether.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.tether.api.model.ToolCall;
import dev.tether.store.JobStore;
import dev.tether.store.Lane;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.store.NewUserMessage;
import dev.tether.store.Submitted;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The web chat checked by axe-core against WCAG 2.1 A and AA ({@link Axe}): a conversation with every kind of message
 * on screen, in light and dark colours. The sign-in dialog is checked in {@link AuthBrowserTest}.
 */
class AccessibilityBrowserTest extends BrowserTest {
    String conversation;
    String edited;

    @Override
    void beforePage() {
        conversation = server.conversation("Trip to Kyoto");
        server.conversation("Groceries");
        long q1 = server.store.appendUserMessage(conversation, "a1", "What is in notes.md?").message().id();
        server.store.appendMessage(NewMessage.assistant(conversation, "Let me look.",
                List.of(new ToolCall("call-1", "read_file", "{\"path\":\"notes.md\"}")), MessageStatus.COMPLETE).replyingTo(q1)
                .withThinking("The notes are in **notes.md**: read them first, then `answer`."));
        server.store.appendMessage(NewMessage.toolResult(conversation, "call-1", "read_file", "Book the ryokan.").replyingTo(q1));
        server.store.appendMessage(NewMessage.assistant(conversation, "Your notes say **book the ryokan**:\n\n"
                + "```sh\necho ryokan >> todo.txt\n```\n\n- a list\n- [a link](https://example.com)\n\n"
                + "```python\n# every kind of token\n@cache\ndef plan(days: int = 3) -> str:\n"
                + "    return f\"{days} days\" if True else None  # a comment\n```\n\n"
                + "```html\n<!doctype html>\n<p class=\"x\" id='y'>text</p>\n```\n\n"
                + "Math: $E=mc^2$, a slip $\\frac{1}$, and\n\n$$\n\\sum_{i=1}^n i = \\frac{n(n+1)}{2}\n$$\n",
                List.of(), MessageStatus.COMPLETE).replyingTo(q1));
        long q2 = server.store.appendUserMessage(conversation, "a2", "And the train?").message().id();
        server.store.appendMessage(NewMessage.assistant(conversation, "Stopped half", List.of(), MessageStatus.STOPPED)
                .replyingTo(q2));
        server.store.appendMessage(NewMessage.assistant(conversation, "The model server did not answer.", List.of(),
                MessageStatus.FAILED).replyingTo(q2));
        edited = server.conversation("Sums");
        JobStore jobs = (JobStore) server.store;
        Submitted typo = jobs.submitUserMessage(edited, "s1", "Wht is 2+2", Lane.INTERACTIVE);
        server.store.appendMessage(NewMessage.assistant(edited, "Did you mean 2+2?", List.of(), MessageStatus.COMPLETE)
                .replyingTo(typo.message().id()));
        jobs.finish(typo.job().orElseThrow().id());
        Submitted fixed = jobs.submitUserMessage(new NewUserMessage(edited, "s2", "What is 2+2?",
                Optional.of(typo.message().id())), Lane.INTERACTIVE);
        server.store.appendMessage(NewMessage.assistant(edited, "Four.", List.of(), MessageStatus.COMPLETE)
                .replyingTo(fixed.message().id()));
        jobs.finish(fixed.job().orElseThrow().id());
    }

    private void openTheConversation() {
        chat.openConversation(conversation);
        chat.awaitLastReply("failed");
        chat.page.locator("#messages details.tool summary").first().click(); // a tool step open too
        chat.page.locator("#messages details.thinking summary").first().click(); // and a model's thinking
        PlaywrightAssertions.assertThat(chat.page.locator("#messages .thinking-body strong")).hasText("notes.md");
        PlaywrightAssertions.assertThat(chat.page.locator("#messages pre > code.hljs")).hasCount(3); // coloured
        PlaywrightAssertions.assertThat(chat.page.locator("#messages .math.typeset")).hasCount(3); // typeset
    }

    @Test
    void aConversationWithEveryKindOfMessageHasNoViolationsInLightColours() {
        chat.page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
        openTheConversation();

        assertThat(Axe.violations(chat.page)).isEmpty();
    }

    @Test
    void aConversationWithEveryKindOfMessageHasNoViolationsInDarkColours() {
        chat.page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        openTheConversation();

        assertThat(Axe.violations(chat.page)).isEmpty();
    }

    @Test
    void searchResultsAndTheExportMenuHaveNoViolationsInEitherScheme() {
        for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            chat.page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            openTheConversation();
            chat.page.locator("#conversations-search").fill("ryokan");
            PlaywrightAssertions.assertThat(
                    chat.page.locator("#conversations .conv-snippet mark").first()).isVisible();
            chat.page.locator("#export-button").click();
            PlaywrightAssertions.assertThat(chat.page.locator("#export-menu"))
                    .isVisible();

            assertThat(Axe.violations(chat.page)).as("%s colours", scheme).isEmpty();
        }
    }

    @Test
    void anEditedQuestionAndTheOpenEditorHaveNoViolationsInEitherScheme() {
        for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            chat.page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
            chat.openConversation(edited);
            chat.awaitLastReply("complete");
            PlaywrightAssertions.assertThat(chat.users().first().locator(".meta")).isVisible();
            assertThat(Axe.violations(chat.page)).as("%s colours, the Edit button", scheme).isEmpty();

            chat.users().last().locator("button.edit").click();
            PlaywrightAssertions.assertThat(chat.page.locator("#messages .edit-form textarea")).isFocused();
            assertThat(Axe.violations(chat.page)).as("%s colours, the editor", scheme).isEmpty();
            chat.page.locator("#messages .edit-form textarea").press("Escape");
        }
    }

    @Test
    void theNarrowLayoutWithTheConversationListOpenHasNoViolations() {
        chat.page.setViewportSize(390, 800);
        openTheConversation();
        chat.page.locator("#menu").click();
        PlaywrightAssertions.assertThat(chat.page.locator("#new-chat")).isVisible();

        assertThat(Axe.violations(chat.page)).isEmpty();
    }
}
