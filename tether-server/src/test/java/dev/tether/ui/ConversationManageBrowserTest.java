package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import dev.tether.store.Conversation;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.testkit.model.Script;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Renaming and deleting conversations from the sidebar, and conversations deleted elsewhere. */
class ConversationManageBrowserTest extends BrowserTest {
    private static Locator entry(Page page, String conversation) {
        return page.locator("#conversations li[data-id='" + conversation + "']");
    }

    private Locator entry(String conversation) {
        return entry(chat.page, conversation);
    }

    private Locator action(String conversation, String kind) {
        Locator row = entry(conversation);
        row.hover(); // the buttons show on hover (and on focus, and for the current entry)
        return row.locator("button[data-action='" + kind + "']");
    }

    private Optional<String> storedTitle(String conversation) {
        return server.store.conversation(conversation).map(Conversation::title);
    }

    private Object storage(Page page, String key) {
        return page.evaluate("k => localStorage.getItem(k)", key);
    }

    /** Waits (without sleeping: Playwright polls) until the condition holds. */
    private void await(Page page, java.util.function.BooleanSupplier condition) {
        page.waitForCondition(condition, new Page.WaitForConditionOptions().setTimeout(ChatPage.WAIT_MS));
    }

    private void assertShowsANewChat(Page page) {
        assertThat(page.locator("#chat-title")).hasText("New chat");
        assertThat(page.locator("#empty")).isVisible();
        assertThat(page.locator("#messages article")).hasCount(0);
        assertThat(page.locator("#conversations [aria-current='true']")).hasCount(0);
        assertThat(page.evaluate("() => location.hash")).isEqualTo("");
        assertThat(page.evaluate("() => window.tether.current()")).isNull();
    }

    private void storeExchange(String conversation, String question, String answer) {
        server.store.appendUserMessage(conversation, UUID.randomUUID().toString(), question);
        server.store.appendMessage(NewMessage.assistant(conversation, answer, List.of(), MessageStatus.COMPLETE));
    }

    // ---- rename -------------------------------------------------------------------------------------------

    @Test
    void renamingFromTheSidebarShowsTheNewTitleInTheListAndHeaderSurvivesAReloadAndIsStored() {
        String other = server.conversation("Groceries");
        String conversation = server.conversation("Untitled chat");
        chat.openConversation(conversation);
        assertThat(chat.page.locator("#chat-title")).hasText("Untitled chat");

        Locator rename = action(conversation, "rename");
        assertThat(rename).hasAttribute("aria-label", "Rename “Untitled chat”");
        rename.click();
        Locator input = entry(conversation).locator("input.conv-title");
        assertThat(input).isFocused();
        assertThat(input).hasValue("Untitled chat");
        chat.screenshot("sidebar-rename.png");
        input.fill("  Trip to Kyoto  ");
        input.press("Enter");

        assertThat(entry(conversation).locator(".conv-open")).hasText("Trip to Kyoto");
        assertThat(chat.page.locator("#chat-title")).hasText("Trip to Kyoto");
        assertThat(entry(conversation).locator(".conv-open")).isFocused(); // back where the keyboard was
        assertThat(storedTitle(conversation)).contains("Trip to Kyoto");
        assertThat(storedTitle(other)).contains("Groceries");
        assertThat((String) storage(chat.page, "tether.known")).contains("Trip to Kyoto").doesNotContain("Untitled chat");

        chat.page.reload();
        chat.awaitState("open");
        assertThat(entry(conversation).locator(".conv-open")).hasText("Trip to Kyoto");
        assertThat(chat.page.locator("#chat-title")).hasText("Trip to Kyoto");
        assertThat(entry(other).locator(".conv-open")).hasText("Groceries");
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void theHeaderShowsTheTitleEvenWhenTheListArrivesAfterTheMessages() {
        String conversation = server.conversation("Slow list");
        storeExchange(conversation, "Hi", "Hello.");
        // the conversation list is held back until the snapshot is shown (Playwright calls the handler on this thread)
        List<Route> held = new CopyOnWriteArrayList<>();
        AtomicBoolean released = new AtomicBoolean();
        chat.page.route(url -> url.contains("/api/conversations?"), r -> {
            if (released.get()) {
                r.resume();
            } else {
                held.add(r);
            }
        });
        chat.openConversation(conversation);
        assertThat(chat.lastReply()).containsText("Hello.");
        await(chat.page, () -> !held.isEmpty());

        released.set(true);
        held.forEach(Route::resume);
        assertThat(chat.page.locator("#chat-title")).hasText("Slow list");
    }

    @Test
    void renamingWorksWithTheKeyboardAndEscapeOrABlankTitleChangesNothing() {
        String conversation = server.conversation("Notes");
        chat.openConversation(conversation);
        List<Request> patches = new CopyOnWriteArrayList<>();
        chat.page.onRequest(r -> {
            if (r.method().equals("PATCH")) {
                patches.add(r);
            }
        });

        // Tab from the entry to its rename button, Enter, type, Escape: nothing sent, nothing changed
        Locator open = entry(conversation).locator(".conv-open");
        open.focus();
        chat.page.keyboard().press("Tab");
        assertThat(entry(conversation).locator("button[data-action='rename']")).isFocused();
        chat.page.keyboard().press("Enter");
        Locator input = entry(conversation).locator("input.conv-title");
        assertThat(input).isFocused();
        chat.page.keyboard().type(" that I will not keep");
        chat.page.keyboard().press("Escape");
        assertThat(input).hasCount(0);
        assertThat(open).hasText("Notes");

        // a blank title is not a title: the old one stays
        open.focus();
        chat.page.keyboard().press("F2");
        input.fill("   ");
        input.press("Enter");
        assertThat(open).hasText("Notes");
        assertThat(patches).isEmpty();
        assertThat(storedTitle(conversation)).contains("Notes");

        // F2 on the entry, a new title, Enter
        open.focus();
        chat.page.keyboard().press("F2");
        input.fill("Reading notes");
        input.press("Enter");
        assertThat(open).hasText("Reading notes");
        assertThat(chat.page.locator("#chat-title")).hasText("Reading notes");
        assertThat(storedTitle(conversation)).contains("Reading notes");
        assertThat(patches).hasSize(1);
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void aRenameThatFailsShowsANoticeAndChangesNothing() {
        String conversation = server.conversation("Budget");
        chat.openConversation(conversation);
        chat.offline(true); // the PATCH cannot reach the server

        action(conversation, "rename").click();
        Locator input = entry(conversation).locator("input.conv-title");
        input.fill("Budget 2026");
        input.press("Enter");

        assertThat(chat.page.locator("#older")).containsText("could not be renamed");
        assertThat(entry(conversation).locator(".conv-open")).hasText("Budget");
        assertThat(chat.page.locator("#chat-title")).hasText("Budget");
        assertThat(storedTitle(conversation)).contains("Budget");
        assertThat((String) storage(chat.page, "tether.known")).doesNotContain("Budget 2026");
        assertThat(entry(conversation)).not().hasAttribute("aria-busy", "true");
    }

    @Test
    void renamingAConversationDeletedElsewhereShowsANoticeAndChangesNothing() throws Exception {
        String gone = server.conversation("Deleted on the phone"); // listed, never opened here: not followed
        String shown = server.conversation("Shown");
        chat.openConversation(shown);
        // the list loads at start and again on connecting: once a load asked for now has answered, no earlier one
        // can still answer (it would be dropped), so none can notice the deletion below
        chat.page.evaluate("() => window.tether.sidebar.refresh()");
        assertThat(entry(gone)).hasCount(1);
        // deleted in the store behind the server's back, so this page is not told (as with a change it missed)
        assertThat(server.store.deleteConversation(gone)).isTrue();

        action(gone, "rename").click();
        Locator input = entry(gone).locator("input.conv-title");
        input.fill("Too late");
        input.press("Enter");

        assertThat(chat.page.locator("#older")).hasText(
                "The conversation could not be renamed: the conversation does not exist any more.");
        assertThat(entry(gone).locator(".conv-open")).hasText("Deleted on the phone");
        assertThat(chat.page.locator("#chat-title")).hasText("Shown");
        assertThat((String) storage(chat.page, "tether.known")).doesNotContain("Too late");
    }

    @Test
    void aLongTitleIsKeptAsTheServerClipsIt() {
        String conversation = server.conversation("Short");
        chat.openConversation(conversation);
        String longTitle = "x".repeat(250);
        action(conversation, "rename").click();
        Locator input = entry(conversation).locator("input.conv-title");
        input.fill(longTitle);
        input.press("Enter");

        assertThat(chat.page.locator("#chat-title")).hasText("x".repeat(200));
        assertThat(storedTitle(conversation)).contains("x".repeat(200));
    }

    // ---- delete -------------------------------------------------------------------------------------------

    @Test
    void deletingFromTheSidebarRemovesItFromTheListStorageAndServerAndShowsANewChat() {
        String keep = server.conversation("Keep me");
        String doomed = server.conversation("Delete me");
        storeExchange(doomed, "What is 2 + 2?", "4");
        chat.openConversation(doomed);
        assertThat(chat.lastReply()).containsText("4");
        assertThat(storage(chat.page, "tether.current")).isEqualTo(doomed);

        AtomicReference<String> asked = new AtomicReference<>();
        chat.page.onceDialog(d -> {
            asked.set(d.type() + ": " + d.message());
            d.accept();
        });
        Locator delete = action(doomed, "delete");
        assertThat(delete).hasAttribute("aria-label", "Delete “Delete me”");
        entry(keep).hover();
        chat.screenshot("sidebar-actions.png");
        delete.click();

        assertThat(entry(doomed)).hasCount(0);
        assertThat(asked.get()).startsWith("confirm: ").contains("Delete me");
        assertShowsANewChat(chat.page);
        assertThat(entry(keep)).hasCount(1);
        assertThat(chat.page.locator("#older")).containsText("Deleted “Delete me”");
        assertThat(server.store.conversation(doomed)).isEmpty();
        assertThat(server.store.conversation(keep)).isPresent();
        assertThat((String) storage(chat.page, "tether.known")).doesNotContain(doomed).contains(keep);
        assertThat(storage(chat.page, "tether.current")).isNull();
        assertThat(chat.page.evaluate("id => window.tether.connection.subs.has(id) || window.tether.models.has(id)",
                doomed)).isEqualTo(false);

        chat.page.reload();
        chat.awaitState("open");
        assertThat(entry(keep)).hasCount(1);
        assertThat(entry(doomed)).hasCount(0);
        assertShowsANewChat(chat.page);
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void dismissingTheConfirmationDeletesNothing() {
        String conversation = server.conversation("Still here");
        storeExchange(conversation, "Hello?", "Hi.");
        chat.openConversation(conversation);
        assertThat(chat.lastReply()).containsText("Hi.");
        List<Request> deletes = new CopyOnWriteArrayList<>();
        chat.page.onRequest(r -> {
            if (r.method().equals("DELETE")) {
                deletes.add(r);
            }
        });
        List<String> asked = new CopyOnWriteArrayList<>();
        chat.page.onDialog(d -> {
            asked.add(d.message());
            d.dismiss();
        });

        action(conversation, "delete").click();
        await(chat.page, () -> asked.size() == 1);
        // the Delete key on the entry asks too
        entry(conversation).locator(".conv-open").focus();
        chat.page.keyboard().press("Delete");
        await(chat.page, () -> asked.size() == 2);

        assertThat(asked).allSatisfy(m -> assertThat(m).contains("Still here"));
        assertThat(entry(conversation)).hasCount(1);
        assertThat(chat.page.locator("#chat-title")).hasText("Still here");
        assertThat(chat.lastReply()).containsText("Hi.");
        assertThat(chat.page.url()).endsWith("#c=" + conversation);
        assertThat(deletes).isEmpty();
        assertThat(server.store.conversation(conversation)).isPresent();
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void deletingAConversationWhoseReplyIsStreamingStopsTheReply() {
        String conversation = server.conversation("Chatty");
        server.model.enqueue(Script.text(IntStream.range(0, 300).mapToObj(i -> "w" + i + " ").toArray(String[]::new))
                .chunkDelay(Duration.ofMillis(30)));
        chat.openConversation(conversation);
        chat.send("talk for a long time");
        assertThat(chat.lastReply()).containsText("w3 ");

        chat.page.onceDialog(d -> d.accept());
        action(conversation, "delete").click();

        assertThat(entry(conversation)).hasCount(0);
        assertShowsANewChat(chat.page);
        server.model.awaitClientAborts(1, Duration.ofSeconds(10));
        assertThat(server.store.conversation(conversation)).isEmpty();
        await(chat.page, () -> server.server.turns().stats().open() == 0);
        assertThat(chat.errors).isEmpty();
    }

    // ---- deleted elsewhere --------------------------------------------------------------------------------

    @Test
    void aTabShowingAConversationDeletedInAnotherTabSwitchesToANewChatWithANotice() {
        String keep = server.conversation("Keep me");
        String doomed = server.conversation("Shared chat");
        storeExchange(doomed, "Question", "Answer");
        chat.openConversation(doomed);
        Page other = chat.context.newPage(); // a second tab: same browser, same localStorage
        other.setDefaultTimeout(ChatPage.WAIT_MS);
        List<String> otherErrors = new CopyOnWriteArrayList<>();
        other.onPageError(e -> otherErrors.add("pageerror: " + e));
        other.navigate(server.baseUrl() + "/#c=" + doomed);
        assertThat(other.locator("#status")).hasAttribute("data-state", "open");
        assertThat(other.locator("#messages article.assistant")).containsText("Answer");

        chat.page.onceDialog(d -> d.accept());
        action(doomed, "delete").click();
        assertThat(entry(doomed)).hasCount(0);

        assertThat(other.locator("#older")).hasText("This conversation was deleted.");
        assertThat(entry(other, doomed)).hasCount(0);
        assertThat(entry(other, keep)).hasCount(1);
        assertShowsANewChat(other);
        assertThat(other.evaluate("id => window.tether.connection.subs.has(id) || window.tether.models.has(id)", doomed))
                .isEqualTo(false);
        assertThat(other.evaluate("() => window.tether.outbox.list().length")).isEqualTo(0);

        // after a reconnect it stays unsubscribed, and nothing complains about it
        other.evaluate("() => window.tether.dropSocket()");
        assertThat(other.locator("#status")).hasAttribute("data-state", "open");
        assertThat(other.evaluate("() => window.tether.connection.stats.connects")).isEqualTo(2);
        assertThat(other.evaluate("id => window.tether.connection.subs.has(id)", doomed)).isEqualTo(false);
        assertThat(entry(other, doomed)).hasCount(0);
        assertThat((String) storage(other, "tether.known")).doesNotContain(doomed);
        assertThat(otherErrors).isEmpty();
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void aConversationDeletedThroughTheApiLeavesTheListQuietlyWhenAnotherIsShown()
            throws IOException, InterruptedException {
        String doomed = server.conversation("Old plans");
        String shown = server.conversation("Current plans");
        storeExchange(shown, "Where to?", "Kyoto.");
        chat.openConversation(doomed);
        assertThat(chat.page.locator("#chat-title")).hasText("Old plans");
        entry(shown).locator(".conv-open").click(); // the first stays subscribed, as recently viewed ones do
        assertThat(chat.lastReply()).containsText("Kyoto.");
        assertThat(chat.eval("() => [...window.tether.connection.subs.keys()].length")).isEqualTo(2);

        assertThat(deleteThroughTheApi(doomed)).isEqualTo(204);

        assertThat(entry(doomed)).hasCount(0);
        chat.page.waitForFunction("id => !window.tether.connection.subs.has(id) && !window.tether.models.has(id)", doomed);
        assertThat(chat.page.locator("#chat-title")).hasText("Current plans");
        assertThat(chat.lastReply()).containsText("Kyoto.");
        assertThat(chat.page.locator("#older")).isHidden();
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void aConversationDeletedElsewhereThatThisTabDoesNotFollowLeavesTheListAtOnce()
            throws IOException, InterruptedException {
        String doomed = server.conversation("Never opened here");
        String shown = server.conversation("Shown");
        chat.openConversation(shown);
        assertThat(entry(doomed)).hasCount(1);
        assertThat(chat.page.evaluate("id => window.tether.connection.subs.has(id)", doomed)).isEqualTo(false);
        long reconnects = connects();

        assertThat(deleteThroughTheApi(doomed)).isEqualTo(204);

        assertThat(entry(doomed)).hasCount(0); // told over the socket: every connection of the user hears of it
        assertThat(connects()).as("no reconnect or reload was needed").isEqualTo(reconnects);
        assertThat(entry(shown)).hasCount(1);
        assertThat(chat.page.locator("#chat-title")).hasText("Shown");
        assertThat((String) storage(chat.page, "tether.known")).doesNotContain(doomed);
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void conversationsCreatedOrRenamedElsewhereShowInTheListAndHeaderAtOnce() throws Exception {
        String shown = server.conversation("Shown");
        chat.openConversation(shown);
        long reconnects = connects();

        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/api/conversations")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Made on the phone\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String made = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body()).get("id").asText();
        assertThat(entry(made)).containsText("Made on the phone");

        assertThat(renameThroughTheApi(shown, "Renamed on the phone")).isEqualTo(200);
        assertThat(entry(shown)).containsText("Renamed on the phone");
        assertThat(chat.page.locator("#chat-title")).hasText("Renamed on the phone");
        assertThat(connects()).as("no reconnect or reload was needed").isEqualTo(reconnects);
        assertThat((String) storage(chat.page, "tether.known")).contains("Renamed on the phone", "Made on the phone");
        assertThat(chat.errors).isEmpty();
    }

    private int renameThroughTheApi(String conversation, String title) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/api/conversations/" + conversation))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"" + title + "\"}")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** How many times the page's connection has connected (the client counts it). */
    private long connects() {
        return ((Number) chat.page.evaluate("() => window.tether.connection.stats.connects")).longValue();
    }

    private int deleteThroughTheApi(String conversation) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/api/conversations/" + conversation)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aStaleConversationInStorageIsRemovedWithANoticeAndItsUnsentMessageDiscarded() {
        String keep = server.conversation("Real one");
        String gone = UUID.randomUUID().toString(); // deleted while the page was closed, say
        // what this browser remembers from before: it runs before the page's scripts, on the first load only
        chat.context.addInitScript("if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1');"
                + " localStorage.setItem('tether.known', JSON.stringify([{id: '" + gone + "', title: 'Long gone',"
                + "   updatedAt: Date.now()}, {id: '" + keep + "', title: 'Real one', updatedAt: 1}]));"
                + " localStorage.setItem('tether.current', '" + gone + "');"
                + " localStorage.setItem('tether.outbox', JSON.stringify([{clientMessageId: 'm-stale',"
                + "   conversation: '" + gone + "', text: 'never sent', at: Date.now()}])); }");

        chat.open("");

        assertThat(chat.page.locator("#older")).containsText("does not exist any more");
        assertThat(entry(gone)).hasCount(0);
        assertThat(entry(keep)).hasCount(1);
        assertShowsANewChat(chat.page);
        assertThat(chat.page.locator("#messages")).not().containsText("never sent");
        assertThat(chat.eval("() => window.tether.outbox.list().length")).isEqualTo(0);
        assertThat(storage(chat.page, "tether.current")).isNull();
        assertThat((String) storage(chat.page, "tether.known")).doesNotContain(gone).contains(keep);
        assertThat(chat.page.evaluate("id => window.tether.connection.subs.has(id)", gone)).isEqualTo(false);
        assertThat(server.model.requests()).isEmpty();
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void aStaleLinkToAConversationIsRemovedWithANotice() {
        String keep = server.conversation("Real one");
        String gone = UUID.randomUUID().toString();
        chat.open("c=" + gone);

        assertThat(chat.page.locator("#older")).containsText("does not exist any more");
        assertShowsANewChat(chat.page);
        assertThat(entry(keep)).hasCount(1);
        assertThat(entry(gone)).hasCount(0);
        assertThat(storage(chat.page, "tether.current")).isNull();
        assertThat(chat.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete “Real one”")))
                .hasCount(1);
        assertThat(chat.errors).isEmpty();
    }
}
