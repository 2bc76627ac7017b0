package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.tether.store.MessageStatus;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.testkit.model.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Tool calls show as collapsible steps; Stop stops a reply. */
class ToolsAndStopBrowserTest extends BrowserTest {
    String conversation;

    @Override
    void beforePage() {
        conversation = server.conversation("Reading notes");
    }

    private StoredMessage lastAssistant() {
        return server.store.history(conversation, Optional.empty(), 20).items().stream()
                .filter(m -> m.role() == Role.ASSISTANT).findFirst().orElseThrow();
    }

    @Test
    void toolCallsShowAsCollapsibleStepsWithArgumentsAndResult() throws IOException {
        Files.writeString(server.workspace.root().resolve("notes.md"), "Buy oat milk.\n");
        server.model.enqueue(
                Script.text("Let me read your notes.").toolCall("call_1", "read_file", "{\"path\":", "\"notes.md\"}"),
                Script.text("Your notes say: **Buy oat milk.**\n\n```sh\necho 'oat milk' >> list.txt\n```\n")
                        .chunkDelay(Duration.ofMillis(20)));
        chat.openConversation(conversation);
        chat.send("What is in my notes?");

        chat.awaitLastReply("complete");
        Locator step = chat.lastReply().locator("details.tool");
        assertThat(step).hasCount(1);
        assertThat(step).hasAttribute("data-state", "done");
        assertThat(step.locator(".tool-name")).hasText("read_file");
        assertThat(step).not().hasAttribute("open", "");
        assertThat(step.locator(".tool-result")).not().isVisible();
        step.locator("summary").click();
        assertThat(step.locator(".tool-args")).containsText("notes.md");
        assertThat(step.locator(".tool-result")).containsText("Buy oat milk.");
        assertThat(chat.lastReply().locator(".md").first()).hasText("Let me read your notes.");
        assertThat(chat.lastReply().locator("strong")).hasText("Buy oat milk.");
        chat.screenshot("chat.png");

        // the same reply read back from the store after a reload: one reply, the step and its result
        chat.page.reload();
        chat.awaitState("open");
        assertThat(chat.replies()).hasCount(1);
        Locator again = chat.lastReply().locator("details.tool");
        assertThat(again.locator(".tool-name")).hasText("read_file");
        again.locator("summary").click();
        assertThat(again.locator(".tool-result")).containsText("Buy oat milk.");
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void aFailedToolStepShowsAsFailedLiveAndAfterAReload() {
        server.model.enqueue(Script.toolCall("call_1", "read_file", "{\"path\":\"missing.md\"}"),
                Script.text("That file does not exist."));
        chat.openConversation(conversation);
        chat.send("Read missing.md");

        chat.awaitLastReply("complete");
        assertThat(chat.lastReply().locator("details.tool")).hasAttribute("data-state", "failed");

        chat.page.reload();
        chat.awaitState("open");
        assertThat(chat.lastReply().locator("details.tool")).hasAttribute("data-state", "failed");
        assertThat(server.store.history(conversation, Optional.empty(), 20).items()).filteredOn(m -> m.role() == Role.TOOL)
                .singleElement().satisfies(m -> assertThat(m.status()).isEqualTo(MessageStatus.FAILED));
    }

    @Test
    void theStopButtonStopsAReplyAndKeepsWhatWasSaid() {
        server.model.enqueue(Script.text(IntStream.range(0, 200).mapToObj(i -> "w" + i + " ").toArray(String[]::new))
                .chunkDelay(Duration.ofMillis(30)));
        chat.openConversation(conversation);
        assertThat(chat.page.locator("#stop")).isHidden();
        chat.send("talk for a long time");
        assertThat(chat.lastReply()).containsText("w3 ");
        assertThat(chat.page.locator("#stop")).isVisible();

        chat.page.locator("#stop").click();

        chat.awaitLastReply("stopped");
        assertThat(chat.page.locator("#stop")).isHidden();
        assertThat(chat.lastReply()).containsText("Stopped");
        server.model.awaitClientAborts(1, Duration.ofSeconds(5));
        assertThat(lastAssistant().status()).isEqualTo(MessageStatus.STOPPED);
        assertThat(chat.lastReplySource()).isEqualTo(lastAssistant().content());
        assertThat(chat.lastReplyText()).doesNotContain("w199");
    }

    @Test
    void aReplyWaitingToBeRetriedSaysWhenAndStopCancelsTheRetry() {
        chat.close();
        server.close();
        server = new UiServer(dir.resolve("retrying"), "queue.retry-delay=30s");
        conversation = server.conversation("Flaky model");
        chat = new ChatPage(server);
        server.model.enqueue(Script.error(503, "The model is overloaded"), Script.text("never asked for"));
        chat.openConversation(conversation);

        chat.send("are you there?");

        chat.awaitLastReply("retrying");
        assertThat(chat.lastReply()).containsText("Trying again in 30 s (attempt 2 of 3)");
        assertThat(chat.page.locator("#stop")).isVisible();
        chat.page.locator("#stop").click();

        chat.awaitLastReply("stopped");
        assertThat(chat.page.locator("#stop")).isHidden();
        assertThat(server.server.turns().stats().open()).isZero();
        assertThat(lastAssistant().status()).isEqualTo(MessageStatus.STOPPED);
        assertThat(server.model.requests()).hasSize(1);
    }
}
