package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.tether.api.model.ChatMessage;
import dev.tether.store.JobStore;
import dev.tether.store.Lane;
import dev.tether.store.NewUserMessage;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.testkit.model.Script;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Edit: the last question fixed in place and asked again, the old question and its answer kept and marked. */
class EditQuestionBrowserTest extends BrowserTest {
    private static final Pattern REPLACED = Pattern.compile("\\breplaced\\b");
    String conversation;

    @Override
    void beforePage() {
        conversation = server.conversation("Sums");
    }

    private static Locator editButtons(ChatPage page) {
        return page.page.locator("#messages button.edit");
    }

    private static Locator editor(ChatPage page) {
        return page.page.locator("#messages .edit-form textarea");
    }

    private List<StoredMessage> storedQuestions() {
        return server.store.history(conversation, Optional.empty(), 20).items().reversed().stream()
                .filter(m -> m.role() == Role.USER).toList();
    }

    /** The marks an edit leaves: the first question and its answer set off, the new pair not. */
    private static void assertEditedPairMarked(ChatPage page) {
        assertThat(page.users()).hasCount(2);
        assertThat(page.users().first()).hasClass(REPLACED);
        assertThat(page.users().first().locator(".meta")).hasText("Edited: replaced by the question below");
        assertThat(page.replies().first()).hasClass(REPLACED);
        assertThat(page.replies().first().locator(".meta")).hasText("Answer to the edited question above");
        assertThat(page.users().last()).not().hasClass(REPLACED);
        assertThat(page.lastReply()).not().hasClass(REPLACED);
        assertThat(editButtons(page)).hasCount(1);
        assertThat(page.users().last().locator("button.edit")).isVisible();
        assertThat(page.page.locator("#messages button.regenerate")).hasCount(1);
        assertThat(page.lastReply().locator("button.regenerate")).isVisible();
    }

    @Test
    void editingTheLastQuestionAsksAgainAndMarksTheOldPairLiveInEveryTabAndAfterAReload() {
        server.model.enqueue(Script.text("Did you mean 2+2?"), Script.text("Fo", "ur.").chunkDelay(Duration.ofMillis(200)));
        chat.openConversation(conversation);
        chat.send("Wht is 2+2");
        chat.awaitLastReply("complete");
        server.model.takeRequest(Duration.ofSeconds(5));
        try (ChatPage other = new ChatPage(server)) {
            other.openConversation(conversation);
            other.awaitLastReply("complete");

            chat.users().last().locator("button.edit").click();
            assertThat(editor(chat)).isFocused();
            assertThat(editor(chat)).hasValue("Wht is 2+2");
            editor(chat).fill("What is 2+2?");
            editor(chat).press("Enter");

            assertThat(editButtons(chat)).hasCount(0); // not while the new answer is written
            chat.awaitLastReply("complete");
            assertThat(chat.lastReply().locator(".md")).hasText("Four.");
            assertEditedPairMarked(chat);
            other.awaitLastReply("complete");
            assertEditedPairMarked(other);
            assertThat(other.errors).isEmpty();
        }
        List<ChatMessage> asked = server.model.takeRequest(Duration.ofSeconds(5)).requireChat().messages();
        assertThat(asked.subList(1, asked.size())).containsExactly(new ChatMessage.User("What is 2+2?"));

        chat.page.reload();
        chat.awaitState("open");
        chat.awaitLastReply("complete");
        assertEditedPairMarked(chat);
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void escapeOrCancelLeavesTheQuestionUnchangedAndShiftEnterStartsANewLine() {
        server.model.enqueue(Script.text("Blue"));
        chat.openConversation(conversation);
        chat.send("Name a colour");
        chat.awaitLastReply("complete");

        chat.users().last().locator("button.edit").click();
        editor(chat).fill("Name a");
        editor(chat).press("Shift+Enter");
        editor(chat).pressSequentially("fruit");
        assertThat(editor(chat)).hasValue("Name a\nfruit");
        editor(chat).press("Escape");

        assertThat(editor(chat)).hasCount(0);
        assertThat(chat.users().last().locator(".bubble")).hasText("Name a colour");
        assertThat(chat.users().last().locator("button.edit")).isFocused();
        chat.users().last().locator("button.edit").press("Enter"); // the keyboard opens it too
        assertThat(editor(chat)).isFocused();
        chat.page.locator("#messages .edit-form button.edit-cancel").click();
        assertThat(editor(chat)).hasCount(0);
        assertThat(chat.users()).hasCount(1);
        assertThat(chat.lastReply()).hasAttribute("data-status", "complete");
        assertThat(storedQuestions()).hasSize(1);
        assertThat(server.model.requests()).hasSize(1);
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void editIsNotOfferedWhileAReplyRuns() {
        // both replies slow: the assertions in between look at a reply that is still running
        server.model.enqueue(Script.text("a ", "b ", "c ", "d").chunkDelay(Duration.ofMillis(400)),
                Script.text("Do", "ne").chunkDelay(Duration.ofMillis(400)));
        chat.openConversation(conversation);
        chat.send("Count slowly");

        chat.awaitLastReply("streaming");
        assertThat(editButtons(chat)).hasCount(0);
        chat.awaitLastReply("complete");
        assertThat(chat.users().last().locator("button.edit")).isVisible();
        chat.send("And again");
        assertThat(chat.replies()).hasCount(2);
        chat.awaitLastReply("streaming");
        assertThat(editButtons(chat)).hasCount(0);
        chat.awaitLastReply("complete");
        assertThat(editButtons(chat)).hasCount(1);
        assertThat(chat.users().first().locator("button.edit")).hasCount(0); // only the last question
        assertThat(chat.errors).isEmpty();
    }

    /** Asks "Wht is 2+2", waits for its answer, then goes offline and edits it to "What is 2+2?" (kept unsent). */
    private void askThenEditOffline() {
        chat.openConversation(conversation);
        chat.send("Wht is 2+2");
        chat.awaitLastReply("complete");
        chat.offline(true);
        chat.dropSocket();
        chat.awaitState("offline");
        chat.users().last().locator("button.edit").click();
        editor(chat).fill("What is 2+2?");
        editor(chat).press("Enter");
        assertThat(chat.users().last()).hasAttribute("data-status", "sending");
    }

    @Test
    void anEditTypedOfflineIsSentOnceWhenBackOnline() {
        server.model.enqueue(Script.text("Did you mean 2+2?"), Script.text("Four."));
        askThenEditOffline();

        chat.offline(false);

        chat.awaitLastReply("complete");
        assertThat(chat.lastReply().locator(".md")).hasText("Four.");
        assertThat(chat.users().first()).hasClass(REPLACED);
        List<StoredMessage> questions = storedQuestions();
        assertThat(questions).extracting(StoredMessage::content).containsExactly("Wht is 2+2", "What is 2+2?");
        assertThat(questions.get(1).replaces()).contains(questions.get(0).id());
        assertThat(server.model.requests()).hasSize(2);
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void anEditRefusedOnReconnectSaysWhyAndOffersToSendItAsANewQuestion() {
        server.model.enqueue(Script.text("Did you mean 2+2?"), Script.text("Blue"), Script.text("Four."));
        askThenEditOffline();
        // meanwhile, elsewhere, another question is asked: the edited one is no longer the last
        long other = ((JobStore) server.store).submitUserMessage(new NewUserMessage(conversation, "elsewhere",
                "Name a colour"), Lane.INTERACTIVE).message().id();

        chat.offline(false);

        Locator refused = chat.users().filter(new Locator.FilterOptions().setHasText("What is 2+2?"));
        assertThat(refused).hasAttribute("data-status", "failed");
        assertThat(refused.locator(".error")).containsText("Not sent: ");
        assertThat(refused.locator(".error")).containsText("only the last question can be edited");
        Locator sendAsNew = refused.locator("button.retry");
        assertThat(sendAsNew).hasText("Send as a new question");
        assertThat(storedQuestions()).extracting(StoredMessage::content).containsExactly("Wht is 2+2", "Name a colour");

        sendAsNew.click();

        chat.page.waitForCondition(() -> storedQuestions().size() == 3);
        List<StoredMessage> questions = storedQuestions();
        assertThat(questions.get(2).content()).isEqualTo("What is 2+2?");
        assertThat(questions.get(2).replaces()).isEmpty();
        assertThat(questions.get(1).id()).isEqualTo(other);
        assertThat(chat.users().first()).not().hasClass(REPLACED); // nothing was edited
    }
}
