package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.store.Conversation;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.testkit.model.Script;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Starting chats, failed replies, the debug panel. */
class ChatFlowBrowserTest extends BrowserTest {
    private List<Conversation> conversations() {
        return server.store.conversations("local", Optional.empty(), 50).items();
    }

    private List<String> userTexts(String conversation) {
        return server.store.history(conversation, Optional.empty(), 50).items().stream()
                .filter(m -> m.role() == Role.USER).map(StoredMessage::content).toList();
    }

    @Test
    void theFirstMessageOfANewChatCreatesTheConversationNamedAfterIt() {
        server.model.enqueue(Script.text("Spring is lovely."));
        chat.open("");
        assertThat(chat.page.locator("#input")).isFocused();
        chat.page.locator("#new-chat").click();
        chat.send("Plan a trip to Kyoto");

        chat.awaitLastReply("complete");
        assertThat(conversations()).hasSize(1);
        Conversation created = conversations().get(0);
        assertThat(created.title()).isEqualTo("Plan a trip to Kyoto");
        assertThat(userTexts(created.id())).containsExactly("Plan a trip to Kyoto");
        assertThat(chat.page.locator("#conversations button[aria-current='true']")).hasText("Plan a trip to Kyoto");
        assertThat(chat.page.locator("#chat-title")).hasText("Plan a trip to Kyoto");
        assertThat(chat.page.url()).endsWith("#c=" + created.id());
    }

    @Test
    void aNewChatStartedOfflineIsCreatedAndSentOnceWhenBackOnline() {
        server.model.enqueue(Script.text("Hello again."));
        chat.open("");
        chat.offline(true);
        chat.dropSocket();
        chat.awaitState("offline");
        chat.send("written on a train");
        assertThat(chat.users().last()).hasAttribute("data-status", "sending");

        chat.offline(false);
        chat.awaitLastReply("complete");
        assertThat(conversations()).hasSize(1);
        assertThat(userTexts(conversations().get(0).id())).containsExactly("written on a train");
        assertThat(server.model.requests()).hasSize(1);
    }

    @Test
    void aFailedReplyShowsItsMessageAndRetryAnswersTheSameQuestionAgain() {
        String conversation = server.conversation("flaky");
        server.model.enqueue(Script.error(400, "The model refused the request"), Script.text("Second time lucky."));
        chat.openConversation(conversation);
        chat.send("try me");

        chat.awaitLastReply("failed");
        assertThat(chat.lastReply().locator("[role=alert]")).isVisible();
        assertThat(chat.lastReply().locator("[role=alert]")).not().hasText("");
        chat.lastReply().locator("button.retry").click();

        chat.awaitLastReply("complete");
        assertThat(chat.lastReply()).containsText("Second time lucky.");
        // the server answered the stored question again: no second copy of it
        assertThat(userTexts(conversation)).containsExactly("try me");
        assertThat(server.model.requests()).hasSize(2);
    }

    @Test
    void retryOnAFailedReplyLoadedFromHistoryAnswersTheSameStoredQuestion() {
        String conversation = server.conversation("flaky later");
        server.model.enqueue(Script.error(400, "The model refused the request"), Script.text("Fine now."));
        chat.openConversation(conversation);
        chat.send("first try");
        chat.awaitLastReply("failed");

        chat.page.reload();
        chat.awaitState("open");
        chat.awaitLastReply("failed"); // rebuilt from the snapshot's stored messages, paired by replyTo
        chat.lastReply().locator("button.retry").click();

        chat.awaitLastReply("complete");
        assertThat(chat.lastReply()).containsText("Fine now.");
        assertThat(userTexts(conversation)).containsExactly("first try");
        assertThat(server.model.requests()).hasSize(2);
    }

    @Test
    void theDebugPanelIsOffByDefaultAndShowsRawFramesWhenOn() {
        chat.open("");
        assertThat(chat.page.locator("#debug")).hasCount(0);
        assertThat(chat.eval("() => window.tether.connection.debug === null")).isEqualTo(true);

        chat.page.navigate(server.baseUrl() + "/?debug=1");
        chat.awaitState("open");
        assertThat(chat.page.locator("#debug")).containsText("\"type\":\"welcome\"");
        assertThat(chat.page.locator("#debug")).containsText("\"type\":\"hello\"");

        chat.page.keyboard().press("Alt+Shift+D");
        assertThat(chat.page.locator("#debug")).hasCount(0);
        assertThat(chat.eval("() => window.tether.connection.debug === null")).isEqualTo(true);
        chat.page.keyboard().press("Alt+Shift+D");
        assertThat(chat.page.locator("#debug")).isVisible();
    }
}
