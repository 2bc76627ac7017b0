package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;

/** A long conversation list comes a page at a time, and a search finds titles beyond the loaded pages. */
class ConversationListBrowserTest extends BrowserTest {
    static final int MANY = 60; // more than one page (50)

    String oldest;

    @Override
    void beforePage() {
        // three groups a millisecond apart at least, so the newest-first order puts them in pages for sure: the
        // oldest alone on the second page, the five newest (the Kyoto notes) on the first
        oldest = server.conversation("Kyoto trip, 2019");
        nextMillisecond();
        for (int i = 1; i < MANY - 5; i++) {
            server.conversation("Chat " + i);
        }
        nextMillisecond();
        for (int i = 1; i <= 5; i++) {
            server.conversation("Kyoto notes " + i);
        }
    }

    /** Waits (spinning, about a millisecond) until the clock the store stamps conversations with has moved on. */
    private static void nextMillisecond() {
        long now = System.currentTimeMillis();
        while (System.currentTimeMillis() <= now) {
            Thread.onSpinWait();
        }
    }

    private Locator entries() {
        return chat.page.locator("#conversations li");
    }

    private Locator entry(String id) {
        return chat.page.locator("#conversations li[data-id='" + id + "']");
    }

    @Test
    void olderConversationsLoadAPageAtATimeUntilTheListEnds() {
        chat.open("");
        Locator more = chat.page.locator("#conversations-more");

        assertThat(entries()).hasCount(50);
        assertThat(more).isVisible();
        assertThat(entry(oldest)).hasCount(0);

        more.click();

        assertThat(entries()).hasCount(MANY);
        assertThat(entry(oldest)).hasCount(1);
        assertThat(more).isHidden();
        entry(oldest).locator(".conv-open").click();
        assertThat(chat.page.locator("#chat-title")).hasText("Kyoto trip, 2019");
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void aSearchShowsTheLoadedMatchesAtOnceThenEveryMatchFromTheServer() {
        chat.open("");
        assertThat(entries()).hasCount(50);
        Locator search = chat.page.locator("#conversations-search");

        search.fill("KYOTO");

        // the five "Kyoto notes" are among the newest 50, loaded; the 2019 trip only the server can find
        assertThat(entries()).hasCount(6);
        assertThat(entry(oldest)).hasCount(1);
        for (String title : entries().locator(".conv-open").allTextContents()) {
            assertThat(title.toLowerCase()).contains("kyoto");
        }
        assertThat(chat.page.locator("#conversations-more")).isHidden();

        search.fill("no such title");
        assertThat(entries()).hasCount(0);
        assertThat(chat.page.locator("#conversations-empty")).hasText("No conversations contain “no such title”.");

        search.press("Escape");
        assertThat(search).hasValue("");
        assertThat(chat.page.locator("#conversations-empty")).isHidden();
        // the whole list's first page again, with the old conversation the search brought in, and more to load
        assertThat(entries()).hasCount(51);
        assertThat(chat.page.locator("#conversations-more")).isVisible();
        assertThat(chat.errors).isEmpty();
    }
}
