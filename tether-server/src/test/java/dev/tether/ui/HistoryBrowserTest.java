package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A long conversation opens with its newest messages and pages back as you scroll up. */
class HistoryBrowserTest extends BrowserTest {
    static final int PAIRS = 100;

    String conversation;

    @Override
    void beforePage() {
        conversation = server.conversation("long history");
        for (int i = 0; i < PAIRS; i++) {
            server.store.appendUserMessage(conversation, "c" + i, "Question " + i);
            server.store.appendMessage(NewMessage.assistant(conversation, "Answer " + i + "\n\nwith a second paragraph.",
                    List.of(), MessageStatus.COMPLETE));
        }
    }

    private Locator articles() {
        return chat.page.locator("#messages article");
    }

    private double top(Locator article) {
        return ((Number) article.evaluate("e => e.getBoundingClientRect().top")).doubleValue();
    }

    @Test
    void scrollingUpLoadsOlderPagesAndKeepsWhatIsOnScreenInPlace() {
        chat.openConversation(conversation);
        assertThat(articles()).hasCount(30); // the snapshot's newest messages
        assertThat(articles().last()).containsText("Answer 99");
        double bottomGap = ((Number) chat.eval("() => { const s = document.getElementById('scroller');"
                + " return s.scrollHeight - s.scrollTop - s.clientHeight; }")).doubleValue();
        assertThat(bottomGap).isLessThan(5); // opened at the newest message

        int loaded = 30;
        for (int round = 0; round < 10 && loaded < 2 * PAIRS; round++) {
            // one evaluate: the scroll event (and so the load) cannot run between scrolling and measuring
            List<?> anchor = (List<?>) chat.eval("() => { document.getElementById('scroller').scrollTop = 0;"
                    + " const a = document.querySelector('#messages article');"
                    + " return [a.dataset.messageId, a.getBoundingClientRect().top]; }");
            String anchorId = (String) anchor.get(0);
            double before = ((Number) anchor.get(1)).doubleValue();
            assertThat(articles()).not().hasCount(loaded);
            loaded = articles().count();
            Locator same = chat.page.locator("#messages article[data-message-id='" + anchorId + "']");
            assertThat(Math.abs(top(same) - before)).as("the first message before loading stays where it was")
                    .isLessThan(2.0);
        }

        assertThat(articles()).hasCount(2 * PAIRS);
        assertThat(articles().first()).containsText("Question 0");
        List<Long> ids = ((List<?>) articles().evaluateAll("as => as.map(a => Number(a.dataset.messageId))")).stream()
                .map(o -> ((Number) o).longValue()).toList();
        assertThat(ids).hasSize(2 * PAIRS).isSorted().doesNotHaveDuplicates();
        assertThat(chat.page.locator("#older")).isHidden();
        assertThat(chat.errors).isEmpty();
    }
}
