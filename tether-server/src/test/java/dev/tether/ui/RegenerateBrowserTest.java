package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.tether.api.model.ChatMessage;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.testkit.model.Script;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Regenerate: another answer to the last question, the earlier one kept on screen and marked as replaced. */
class RegenerateBrowserTest extends BrowserTest {
    private static final Pattern REPLACED = Pattern.compile("\\breplaced\\b");
    String conversation;

    @Override
    void beforePage() {
        conversation = server.conversation("Colours");
    }

    private Locator regenerate() {
        return chat.page.locator("#messages button.regenerate");
    }

    private List<String> storedAnswers() {
        return server.store.history(conversation, Optional.empty(), 20).items().reversed().stream()
                .filter(m -> m.role() == Role.ASSISTANT).map(StoredMessage::content).toList();
    }

    @Test
    void regenerateWritesAnotherAnswerWithoutTheFirstAndMarksTheFirstAsReplaced() {
        server.model.enqueue(Script.text("Blue"), Script.text("Gr", "een").chunkDelay(Duration.ofMillis(200)));
        chat.openConversation(conversation);
        chat.send("Name a colour");
        chat.awaitLastReply("complete");
        assertThat(regenerate()).hasCount(1);
        assertThat(chat.lastReply().locator("button.regenerate")).isVisible();
        server.model.takeRequest(Duration.ofSeconds(5));

        regenerate().click();

        assertThat(chat.replies()).hasCount(2, new LocatorAssertions.HasCountOptions().setTimeout(10_000));
        assertThat(regenerate()).hasCount(0); // not while the new answer is written
        chat.awaitLastReply("complete");
        assertThat(chat.lastReply().locator(".md")).hasText("Green");
        Locator first = chat.replies().first();
        assertThat(first).hasClass(REPLACED);
        assertThat(first.locator(".meta")).hasText("Replaced by the newer answer below");
        assertThat(first.locator(".md")).hasText("Blue");
        assertThat(regenerate()).hasCount(1);
        assertThat(chat.lastReply().locator("button.regenerate")).isEnabled();
        List<ChatMessage> asked = server.model.takeRequest(Duration.ofSeconds(5)).requireChat().messages();
        assertThat(asked.subList(1, asked.size())).containsExactly(new ChatMessage.User("Name a colour"));
        assertThat(storedAnswers()).containsExactly("Blue", "Green");
        assertThat(chat.users()).hasCount(1); // the question is answered again, not sent again

        chat.page.reload();
        chat.awaitState("open");
        assertThat(chat.replies()).hasCount(2);
        assertThat(chat.replies().first()).hasClass(REPLACED);
        assertThat(chat.lastReply()).not().hasClass(REPLACED);
        assertThat(chat.lastReply().locator("button.regenerate")).isVisible();
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void onlyTheLastFinishedReplyOffersRegenerate() {
        server.model.enqueue(Script.text("One"), Script.text("Two ", "three").chunkDelay(Duration.ofMillis(300)));
        chat.openConversation(conversation);
        chat.send("First");
        chat.awaitLastReply("complete");
        assertThat(chat.lastReply().locator("button.regenerate")).isVisible();

        chat.send("Second");

        chat.awaitLastReply("streaming");
        assertThat(regenerate()).hasCount(0);
        chat.awaitLastReply("complete");
        assertThat(regenerate()).hasCount(1);
        assertThat(chat.lastReply().locator("button.regenerate")).isVisible();
        assertThat(chat.replies().first().locator("button.regenerate")).hasCount(0);
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void aStoppedReplyCanBeRegeneratedToo() {
        server.model.enqueue(Script.text("a ", "b ", "c ", "d").chunkDelay(Duration.ofMillis(500)), Script.text("Done"));
        chat.openConversation(conversation);
        chat.send("Count slowly");
        chat.awaitLastReply("streaming");
        chat.page.locator("#stop").click();
        chat.awaitLastReply("stopped");

        chat.lastReply().locator("button.regenerate").click();

        chat.awaitLastReply("complete");
        assertThat(chat.lastReply().locator(".md")).hasText("Done");
        assertThat(chat.replies().first().locator(".meta")).hasText("Stopped. Replaced by the newer answer below");
        assertThat(chat.errors).isEmpty();
    }
}
