package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The sidebar's search finds what was said in a conversation and shows it as a snippet under the title. */
class ConversationSearchBrowserTest extends BrowserTest {
    static final String HTML = "<img src=x onerror=\"window.injected = true\"><script>window.injected = true</script>";

    String trip;
    String recipes;
    String unsafe;

    @Override
    void beforePage() {
        trip = server.conversation("Trip planning");
        exchange(trip, "Where should we eat tonight?",
                "Try the  Okonomiyaki place\nnear the station; it opens at noon.");
        server.conversation("Groceries");
        recipes = server.conversation("Okonomiyaki recipes");
        unsafe = server.conversation("Pasted page");
        exchange(unsafe, "What does " + HTML + " do with zucchini?", "It would run a script.");
    }

    private void exchange(String conversation, String question, String answer) {
        server.store.appendUserMessage(conversation, UUID.randomUUID().toString(), question);
        server.store.appendMessage(NewMessage.assistant(conversation, answer, List.of(), MessageStatus.COMPLETE));
    }

    private Locator entries() {
        return chat.page.locator("#conversations li");
    }

    private Locator entry(String id) {
        return chat.page.locator("#conversations li[data-id='" + id + "']");
    }

    private Locator search() {
        return chat.page.locator("#conversations-search");
    }

    @Test
    void aConversationFoundOnlyByAWordOfAReplyShowsItsSnippetAndOpensOnClick() {
        chat.open("");
        assertThat(search()).hasAttribute("placeholder", "Search conversations");

        search().fill("okonomiyaki");

        assertThat(entries()).hasCount(2);
        Locator found = entry(trip);
        assertThat(found.locator(".conv-name")).hasText("Trip planning");
        assertThat(found.locator(".conv-snippet")).hasText("Try the Okonomiyaki place near the station; it opens at noon.");
        assertThat(found.locator(".conv-snippet mark")).hasText("Okonomiyaki");
        assertThat(entry(recipes).locator(".conv-open")).hasText("Okonomiyaki recipes"); // by its title: no snippet
        assertThat(entry(recipes).locator(".conv-snippet")).hasCount(0);

        found.locator(".conv-open").click();

        assertThat(chat.page.locator("#chat-title")).hasText("Trip planning");
        assertThat(chat.lastReply()).containsText("near the station; it opens at noon.");
        assertThat(chat.page.evaluate("() => location.hash")).isEqualTo("#c=" + trip);
        assertThat(found.locator(".conv-open")).hasAttribute("aria-current", "true");

        search().press("Escape");
        assertThat(entries()).hasCount(4);
        assertThat(chat.page.locator("#conversations .conv-snippet")).hasCount(0);
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void aResultFoundThroughAnOldMessageOpensScrolledToThatMessage() {
        String diary = server.conversation("Diary");
        long found = 0;
        for (int i = 0; i < 120; i++) {
            long q = server.store.appendUserMessage(diary, "d" + i, "Entry " + i).message().id();
            String text = i == 7 ? "We saw a narwhal off the coast." : "Nothing special on day " + i + ".";
            long id = server.store.appendMessage(NewMessage.assistant(diary, text, List.of(), MessageStatus.COMPLETE)
                    .replyingTo(q)).id();
            if (i == 7) {
                found = id;
            }
        }
        chat.open("");
        search().fill("narwhal");
        assertThat(entries()).hasCount(1);

        entry(diary).locator(".conv-open").click();

        // 240 messages: the snapshot holds the newest; older pages are loaded until day 7's answer is there
        Locator message = chat.page.locator("#messages article[data-message-id='" + found + "']");
        assertThat(message).containsText("We saw a narwhal off the coast.");
        assertThat(message).isInViewport();
        assertThat(message).hasClass(Pattern.compile("\\bfound\\b"));
        assertThat(chat.page.locator("#jump")).isVisible(); // away from the newest message
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void htmlInAMessageShowsAsTextInTheSnippetAndRunsNothing() {
        List<String> dialogs = new CopyOnWriteArrayList<>();
        chat.page.onDialog(d -> {
            dialogs.add(d.message());
            d.dismiss();
        });
        chat.open("");

        search().fill("ZUCCHINI");

        Locator snippet = entry(unsafe).locator(".conv-snippet");
        assertThat(snippet).hasText("What does " + HTML + " do with zucchini?");
        assertThat(snippet.locator("mark")).hasText("zucchini");
        assertThat(snippet.locator("img, script")).hasCount(0);
        assertThat(chat.page.evaluate("() => window.injected === true")).isEqualTo(false);
        assertThat(dialogs).isEmpty();
        assertThat(chat.errors).isEmpty();
    }
}
