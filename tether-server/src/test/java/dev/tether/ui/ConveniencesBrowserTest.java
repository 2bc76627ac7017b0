package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.testkit.model.Script;
import com.microsoft.playwright.Locator;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keyboard shortcuts, the tab's title, and the button back to the newest message. */
class ConveniencesBrowserTest extends BrowserTest {
    String conversation;

    @Override
    void beforePage() {
        conversation = server.conversation("Colours");
    }

    /** Makes the page believe it is in a hidden (or visible again) tab, as switching tabs does. */
    private void visibility(String state) {
        chat.eval("() => { Object.defineProperty(document, 'visibilityState', { value: '" + state + "', configurable: true });"
                + " document.dispatchEvent(new Event('visibilitychange')); }");
    }

    @Test
    void escapeStopsTheRunningReply() {
        server.model.enqueue(Script.text("a ", "b ", "c ", "d ", "e").chunkDelay(Duration.ofMillis(400)));
        chat.openConversation(conversation);
        chat.send("Count slowly");
        chat.awaitLastReply("streaming");

        chat.page.locator("#input").press("Escape");

        chat.awaitLastReply("stopped");
        assertThat(server.store.history(conversation, Optional.empty(), 10).items()).filteredOn(m -> m.role() == Role.ASSISTANT)
                .singleElement().satisfies(m -> assertThat(m.status()).isEqualTo(MessageStatus.STOPPED));
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void controlShiftOOpensANewChat() {
        server.model.enqueue(Script.text("Blue"));
        chat.openConversation(conversation);
        chat.send("Name a colour");
        chat.awaitLastReply("complete");

        chat.page.locator("#input").press("Control+Shift+O");

        assertThat(chat.page.locator("#chat-title")).hasText("New chat");
        assertThat(chat.replies()).hasCount(0);
        assertThat(chat.page.locator("#empty")).isVisible();
    }

    @Test
    void theTabNamesTheChatAndMarksAReplyThatEndedWhileItWasHidden() {
        server.model.enqueue(Script.text("Bl", "ue").chunkDelay(Duration.ofMillis(300)));
        chat.openConversation(conversation);
        assertThat(chat.page).hasTitle("Colours – Tether");

        chat.send("Name a colour");
        chat.awaitLastReply("streaming");
        visibility("hidden");
        chat.awaitLastReply("complete");

        assertThat(chat.page).hasTitle("● Colours – Tether");
        visibility("visible");
        assertThat(chat.page).hasTitle("Colours – Tether");
    }

    @Test
    void latestJumpsBackDownAfterScrollingUp() {
        for (int i = 0; i < 15; i++) {
            long q = server.store.appendUserMessage(conversation, "c" + i, "Question " + i).message().id();
            server.store.appendMessage(NewMessage.assistant(conversation, "Answer " + i + "\n\nwith\n\nseveral\n\nparagraphs.",
                    List.of(), MessageStatus.COMPLETE).replyingTo(q));
        }
        chat.openConversation(conversation);
        assertThat(chat.lastReply()).containsText("Answer 14");
        assertThat(chat.page.locator("#jump")).isHidden();

        chat.eval("() => { document.getElementById('scroller').scrollTop = 0; }");

        assertThat(chat.page.locator("#jump")).isVisible();
        chat.page.locator("#jump").click();
        assertThat(chat.page.locator("#jump")).isHidden();
        double gap = ((Number) chat.eval("() => { const s = document.getElementById('scroller');"
                + " return s.scrollHeight - s.scrollTop - s.clientHeight; }")).doubleValue();
        assertThat(gap).isLessThan(5);
    }

    @Test
    void everyMessageShowsWhenItWasSentOnHover() {
        long q = server.store.appendUserMessage(conversation, "t1", "Name a colour").message().id();
        StoredMessage answer = server.store.appendMessage(NewMessage.assistant(conversation, "Blue", List.of(),
                MessageStatus.COMPLETE).replyingTo(q));
        chat.openConversation(conversation);
        Locator when = chat.lastReply().locator("time.when");

        assertThat(when).hasAttribute("datetime", answer.createdAt().truncatedTo(ChronoUnit.MILLIS).toString());
        assertThat(when).hasAttribute("title", Pattern.compile(String.valueOf(
                answer.createdAt().atZone(ZoneId.systemDefault()).getYear())));
        assertThat(when).hasCSS("opacity", "0");
        chat.lastReply().hover();
        assertThat(when).hasCSS("opacity", "1");
        assertThat(chat.users().last().locator("time.when")).hasAttribute("datetime", Pattern.compile("^\\d{4}-"));

        server.model.enqueue(Script.text("Green"));
        chat.send("Another");
        chat.awaitLastReply("complete");
        assertThat(chat.lastReply().locator("time.when")).hasCount(1); // a live reply has its time too
        assertThat(chat.users().last().locator("time.when")).hasCount(1);
    }
}
