package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.tether.api.model.ToolCall;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.testkit.model.Script;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reasoning model's thinking in the web chat: a closed "Thinking…" step above the reply while the model thinks,
 * "Thoughts" once it writes, opened to read it (rendered and sanitised like a reply), after a reload too.
 */
class ThinkingBrowserTest extends BrowserTest {
    String conversation;

    @Override
    void beforePage() {
        conversation = server.conversation("Sums");
    }

    private static Locator thinking(ChatPage page) {
        return page.lastReply().locator("details.thinking");
    }

    @Test
    void thinkingShowsClosedWhileTheModelThinksThenAsThoughtsAboveTheReply() {
        server.model.enqueue(Script.text("It is 4", "2.").thinking("Six ", "times ", "*seven*.")
                .chunkDelay(Duration.ofMillis(400)));
        chat.openConversation(conversation);
        chat.send("What is 6*7?");

        assertThat(thinking(chat).locator("summary")).hasText("Thinking…");
        assertThat(thinking(chat)).hasAttribute("data-state", "thinking");
        assertThat(thinking(chat)).not().hasAttribute("open", "");
        chat.awaitLastReply("complete");

        assertThat(thinking(chat).locator("summary")).hasText("Thoughts");
        assertThat(chat.lastReply().locator(".parts > *").first()).hasClass("thinking");
        assertThat(chat.lastReplyText().strip()).isEqualTo("It is 42.");
        thinking(chat).locator("summary").click();
        assertThat(thinking(chat).locator(".thinking-body")).hasText("Six times seven.");
        assertThat(thinking(chat).locator(".thinking-body em")).hasText("seven");
        assertThat(chat.lastReplySource()).isEqualTo("It is 42."); // Copy reply copies the reply, not the thinking
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void thinkingOpenedWhileItStreamsKeepsGrowingAndAReloadShowsWhatWasThoughtSoFar() {
        server.model.enqueue(Script.text("Done.").thinking("one ", "two ", "three ", "four ", "five ")
                .chunkDelay(Duration.ofMillis(500)));
        chat.openConversation(conversation);
        chat.send("Count");
        thinking(chat).locator("summary").click();
        assertThat(thinking(chat).locator(".thinking-body")).containsText("one two");

        chat.page.reload();
        chat.awaitState("open");
        assertThat(thinking(chat)).hasAttribute("data-state", "thinking"); // from the snapshot, still going on
        thinking(chat).locator("summary").click();
        assertThat(thinking(chat).locator(".thinking-body")).containsText("one two three");
        chat.awaitLastReply("complete");
        assertThat(thinking(chat).locator(".thinking-body")).hasText("one two three four five");
        assertThat(thinking(chat).locator("summary")).hasText("Thoughts");
        assertThat(chat.lastReplyText().strip()).isEqualTo("Done.");
    }

    @Test
    void storedThinkingSitsWithItsModelCallBetweenToolStepsAndCannotRunScript() {
        long q = server.store.appendUserMessage(conversation, "u1", "What is in notes.md?").message().id();
        server.store.appendMessage(NewMessage.assistant(conversation, "", List.of(new ToolCall("call-1", "read_file",
                "{\"path\":\"notes.md\"}")), MessageStatus.COMPLETE).replyingTo(q)
                .withThinking("Read it <img src=x onerror=\"window.pwned=1\">"));
        server.store.appendMessage(NewMessage.toolResult(conversation, "call-1", "read_file", "Milk").replyingTo(q));
        server.store.appendMessage(NewMessage.assistant(conversation, "Buy milk.", List.of(), MessageStatus.COMPLETE)
                .replyingTo(q).withThinking("It says milk."));
        chat.openConversation(conversation);
        chat.awaitLastReply("complete");

        Locator parts = chat.lastReply().locator(".parts > *");
        assertThat(parts).hasCount(4);
        assertThat(parts.nth(0)).hasClass("thinking");
        assertThat(parts.nth(1)).hasClass("tool");
        assertThat(parts.nth(2)).hasClass("thinking");
        assertThat(parts.nth(3)).hasText("Buy milk.");
        chat.lastReply().locator("details.thinking summary").first().click();
        assertThat(parts.nth(0).locator(".thinking-body")).containsText("Read it");
        assertThat(parts.nth(0).locator("img[onerror]")).hasCount(0);
        assertThat(chat.eval("() => window.pwned === undefined")).isEqualTo(true);
    }
}
