package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import dev.tether.store.Conversation;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.store.StoredMessage;
import dev.tether.store.TokenOwner;
import dev.tether.testkit.model.Script;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Copy buttons on code blocks and replies (with and without navigator.clipboard), and exporting a conversation. */
class CopyExportBrowserTest extends BrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Indentation, a tab, trailing spaces, a blank line, and text that is markup if not escaped. */
    private static final String PYTHON = "def greet(name):\n    if name:   \n\tprint(f\"<b>{name}</b> & co\")\n\n"
            + "    return \"</code></pre><script>x()</script>\"";
    private static final String JS = "const ok = 1 < 2 && 3 > 2;";

    // ---- helpers ------------------------------------------------------------------------------------------

    private void grantClipboard(ChatPage page) {
        page.context.grantPermissions(List.of("clipboard-read", "clipboard-write"),
                new BrowserContext.GrantPermissionsOptions().setOrigin(page.server.baseUrl()));
    }

    /** What the system clipboard holds now. */
    private String clipboard() {
        return (String) chat.page.evaluate("() => navigator.clipboard.readText()");
    }

    /** Waits (Playwright polls, no sleeping) until the clipboard holds {@code expected}; then checks it exactly. */
    private void assertClipboard(String readScript, String expected) {
        try {
            chat.page.waitForCondition(() -> expected.equals(chat.page.evaluate(readScript)),
                    new Page.WaitForConditionOptions().setTimeout(ChatPage.WAIT_MS));
        } catch (com.microsoft.playwright.TimeoutError e) {
            // fall through: the assertion below says what the clipboard held instead
        }
        assertThat((String) chat.page.evaluate(readScript)).isEqualTo(expected);
    }

    private void assertClipboard(String expected) {
        assertClipboard("() => navigator.clipboard.readText()", expected);
    }

    /**
     * Puts something else on the clipboard (which all pages of the browser share), so a copy that does nothing
     * cannot pass for one that worked.
     */
    private void clearClipboard(String readScript) {
        String marker = "before-" + UUID.randomUUID();
        chat.page.evaluate("m => (window.__clipboard ?? navigator.clipboard).writeText(m)", marker);
        assertClipboard(readScript, marker);
    }

    private void storeExchange(String conversation, String question, String answer) {
        server.store.appendUserMessage(conversation, UUID.randomUUID().toString(), question);
        server.store.appendMessage(NewMessage.assistant(conversation, answer, List.of(), MessageStatus.COMPLETE));
    }

    private List<StoredMessage> stored(String conversation) {
        return server.store.messagesAfter(conversation, 0, 500);
    }

    private static String codeReply() {
        return "Two blocks:\n\n```js\n" + JS + "\n```\n\nand\n\n```python\n" + PYTHON + "\n```\n\nThat is all.";
    }

    private Locator exportButton() {
        return chat.page.locator("#export-button");
    }

    private Download export(String format) {
        exportButton().click();
        Locator item = chat.page.locator("#export-menu button[data-format='" + format + "']");
        assertThat(item).isVisible();
        return chat.page.waitForDownload(new Page.WaitForDownloadOptions().setTimeout(ChatPage.WAIT_MS), item::click);
    }

    private static String read(Download download) throws IOException {
        return Files.readString(download.path(), StandardCharsets.UTF_8);
    }

    // ---- copy ---------------------------------------------------------------------------------------------

    @Test
    void copyingACodeBlockGivesExactlyItsCodeAndSaysSo() {
        grantClipboard(chat);
        String conversation = server.conversation("Code");
        storeExchange(conversation, "Show me code", codeReply());
        chat.openConversation(conversation);

        Locator blocks = chat.lastReply().locator(".code-block");
        assertThat(blocks).hasCount(2);
        Locator jsCopy = blocks.nth(0).locator("button.copy-code");
        Locator pyCopy = blocks.nth(1).locator("button.copy-code");
        assertThat(jsCopy).hasAttribute("aria-label", "Copy js code");
        assertThat(pyCopy).hasAttribute("aria-label", "Copy python code");
        assertThat(blocks.nth(1).locator(".code-lang")).hasText("python");
        // the code as rendered, escaped and sanitised as before: the buttons sit outside the <pre>
        assertThat((String) blocks.nth(1).locator("pre > code").evaluate("c => c.textContent")).isEqualTo(PYTHON + "\n");
        assertThat(chat.lastReply().locator("pre button, script")).hasCount(0);
        clearClipboard("() => navigator.clipboard.readText()");

        pyCopy.click();
        assertClipboard(PYTHON);
        assertThat(pyCopy).hasText("Copied");
        assertThat(chat.page.locator("#copy-live")).hasText("Copied to the clipboard");
        assertThat(pyCopy).hasText("Copy"); // only for a moment
        chat.screenshot("copy-code.png");

        // by keyboard: the buttons are in the tab order, Enter presses them
        jsCopy.focus();
        chat.page.keyboard().press("Enter");
        assertClipboard(JS);
        assertThat(jsCopy).isFocused();
        chat.page.keyboard().press("Tab"); // the code itself, which scrolls sideways from the keyboard
        assertThat(blocks.nth(0).locator("pre")).isFocused();
        chat.page.keyboard().press("Tab");
        assertThat(pyCopy).isFocused();
        chat.page.keyboard().press("Space");
        assertClipboard(PYTHON);
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void copyingAReplyGivesItsMarkdownSourceStreamedOrLoaded() {
        grantClipboard(chat);
        String[] chunks = {"# Plan\n\n", "Some **bold**, `inline code` and a [link](https://example.com/a_b).\n\n",
            "```sh\nls -la | grep '<x>'\n```\n\n", "- one\n", "- two\n\n", "| a | b |\n|---|---|\n| 1 | 2 |"};
        String source = String.join("", chunks);
        server.model.enqueue(Script.text(chunks).chunkDelay(Duration.ofMillis(150)));
        chat.open("");
        chat.send("make a plan");
        assertThat(chat.lastReply()).hasAttribute("data-status", "streaming", ChatPage.timeout());
        assertThat(chat.lastReply().locator("button.copy-reply")).hasCount(0); // not before it is finished

        chat.awaitLastReply("complete");
        Locator copy = chat.lastReply().locator("button.copy-reply");
        assertThat(copy).hasAttribute("aria-label", "Copy reply as Markdown");
        clearClipboard("() => navigator.clipboard.readText()");
        copy.click();
        assertClipboard(source);
        assertThat(copy).hasText("Copied");
        String conversation = (String) chat.eval("() => window.tether.current()");
        assertThat(stored(conversation).getLast().content()).isEqualTo(source);

        // loaded from the store (the snapshot) instead of streamed: the same source
        chat.page.reload();
        chat.awaitState("open");
        clearClipboard("() => navigator.clipboard.readText()");
        chat.lastReply().locator("button.copy-reply").click();
        assertClipboard(source);
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void aStreamedCodeBlockHasOneCopyButtonThroughoutAndAfterTheStream() {
        grantClipboard(chat);
        String code = IntStream.range(0, 10).mapToObj(i -> "int v" + i + " = " + i + ";").collect(Collectors.joining("\n"));
        List<String> chunks = new ArrayList<>(List.of("Intro.\n\n", "```java\n"));
        code.lines().forEach(line -> chunks.add(line + "\n"));
        chunks.add("```\n\nAfter");
        IntStream.range(0, 25).forEach(i -> chunks.add(" word" + i));
        server.model.enqueue(Script.text(chunks.toArray(String[]::new)).chunkDelay(Duration.ofMillis(150)));
        chat.open("");
        // after every change to the messages, each code block must sit in a block with exactly one Copy button
        chat.eval("() => { window.__checks = 0; window.__bad = [];"
                + " new MutationObserver(() => { for (const a of document.querySelectorAll('#messages article.assistant')) {"
                + "   const pres = a.querySelectorAll('.md pre'); if (!pres.length) continue; window.__checks++;"
                + "   const buttons = a.querySelectorAll('.md button.copy-code').length;"
                + "   const wrapped = [...pres].every(p => p.parentElement.matches('.md > .code-block')"
                + "     && p.parentElement.querySelectorAll(':scope > .code-head > button.copy-code').length === 1);"
                + "   if (buttons !== pres.length || !wrapped) window.__bad.push(a.innerHTML); } })"
                + " .observe(document.getElementById('messages'), {childList: true, subtree: true}); }");
        chat.send("code please");

        // a keyboard user on the button while its block is still being written, so rendered again and again
        Locator copy = chat.lastReply().locator("button.copy-code");
        Locator pre = chat.lastReply().locator("pre");
        assertThat(pre).containsText("int v0");
        copy.focus();
        String focusedAt = pre.textContent();
        chat.page.waitForCondition(() -> !pre.textContent().equals(focusedAt));
        assertThat(pre).not().containsText("int v9");
        assertThat(copy).isFocused();

        // a press and release with renders in between, as a person's click takes, is still a click
        assertThat(chat.lastReply()).containsText("After");
        assertThat(chat.lastReply()).hasAttribute("data-status", "streaming", ChatPage.timeout());
        clearClipboard("() => navigator.clipboard.readText()");
        copy.hover();
        chat.page.mouse().down();
        String before = chat.lastReplyText();
        chat.page.waitForCondition(() -> !chat.lastReplyText().equals(before));
        chat.page.mouse().up();
        assertClipboard(code);
        assertThat(copy).hasText("Copied");
        assertThat(chat.lastReply()).hasAttribute("data-status", "streaming", ChatPage.timeout());

        chat.awaitLastReply("complete");
        assertThat(pre).hasCount(1);
        assertThat(copy).hasCount(1);
        assertThat(copy).isFocused();
        assertThat(((Number) chat.eval("() => window.__checks")).intValue()).isGreaterThan(20);
        assertThat((List<?>) chat.eval("() => window.__bad")).isEmpty();
        clearClipboard("() => navigator.clipboard.readText()");
        copy.press("Enter");
        assertClipboard(code);
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void withoutNavigatorClipboardTheTextareaFallbackStillCopies() {
        grantClipboard(chat);
        // as on plain http to a LAN address: no navigator.clipboard. The test keeps a way to read what was copied.
        chat.context.addInitScript("window.__clipboard = navigator.clipboard; delete Navigator.prototype.clipboard;"
                + " window.__copies = 0; document.addEventListener('copy', () => window.__copies++);");
        String read = "() => window.__clipboard.readText()";
        String conversation = server.conversation("Insecure");
        storeExchange(conversation, "Code?", codeReply());
        chat.openConversation(conversation);
        assertThat(chat.eval("() => navigator.clipboard === undefined")).isEqualTo(true);
        clearClipboard(read);

        Locator pyCopy = chat.lastReply().locator(".code-block").nth(1).locator("button.copy-code");
        pyCopy.click();
        assertClipboard(read, PYTHON);
        assertThat(pyCopy).hasText("Copied");
        assertThat(pyCopy).isFocused(); // the hidden textarea gives the focus back
        assertThat(chat.page.locator("textarea:not(#input, dialog textarea)")).hasCount(0); // the helper is gone

        chat.lastReply().locator("button.copy-reply").click();
        assertClipboard(read, codeReply());
        assertThat(((Number) chat.eval("() => window.__copies")).intValue()).isEqualTo(2); // the code, the reply
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void whenTheClipboardCannotBeReachedANoticeSaysSo() {
        chat.context.addInitScript("delete Navigator.prototype.clipboard; document.execCommand = () => false;");
        String conversation = server.conversation("No clipboard");
        storeExchange(conversation, "Code?", codeReply());
        chat.openConversation(conversation);

        Locator copy = chat.lastReply().locator("button.copy-code").first();
        copy.click();
        assertThat(chat.page.locator("#older")).containsText("Copying failed");
        assertThat(chat.page.locator("#copy-live")).hasText("Copying failed");
        assertThat(copy).hasText("Copy");
    }

    // ---- export -------------------------------------------------------------------------------------------

    private String conversationWithMessages(String title) {
        String conversation = server.conversation(title);
        storeExchange(conversation, "What is in the fridge?", "Milk & **eggs**.\n\n```\nmilk\n```");
        storeExchange(conversation, "And the oven?", "Empty. <script>nothing()</script>");
        return conversation;
    }

    @Test
    void exportingMarkdownDownloadsTheWholeConversation() throws IOException {
        String conversation = conversationWithMessages("Café notes");
        chat.openConversation(conversation);
        assertThat(exportButton()).isVisible();

        Download download = export("markdown");
        assertThat(download.failure()).isNull();
        assertThat(download.suggestedFilename()).isEqualTo("Café notes.md"); // filename*, not the ASCII filename
        String markdown = read(download);
        assertThat(markdown).startsWith("# Café notes");
        int at = 0;
        for (StoredMessage m : stored(conversation)) {
            int found = markdown.indexOf(m.content(), at);
            assertThat(found).as("message %d in order in:%n%s", m.id(), markdown).isGreaterThanOrEqualTo(at);
            at = found + m.content().length();
        }
        assertThat(chat.page.locator("#export-menu")).isHidden();
        assertThat(exportButton()).isFocused();
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void exportingJsonDownloadsTheConversationAndItsMessagesAsStored() throws IOException {
        String conversation = conversationWithMessages("Café notes");
        chat.openConversation(conversation);

        Download download = export("json");
        assertThat(download.suggestedFilename()).isEqualTo("Café notes.json");
        JsonNode json = JSON.readTree(read(download));
        Conversation c = server.store.conversation(conversation).orElseThrow();
        assertThat(json.at("/conversation/id").asText()).isEqualTo(conversation);
        assertThat(json.at("/conversation/title").asText()).isEqualTo("Café notes");
        assertThat(json.at("/conversation/createdAt").asLong()).isEqualTo(c.createdAt().toEpochMilli());
        assertThat(json.get("exportedAt").isNumber()).isTrue();
        List<Map<String, Object>> expected = stored(conversation).stream().map(m -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("id", m.id());
            fields.put("role", m.role().name().toLowerCase(Locale.ROOT));
            fields.put("text", m.content());
            return fields;
        }).toList();
        List<Map<String, Object>> actual = new ArrayList<>();
        for (JsonNode m : json.get("messages")) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("id", m.get("id").asLong());
            fields.put("role", m.get("role").asText());
            fields.put("text", m.get("text").asText());
            actual.add(fields);
        }
        assertThat(actual).hasSize(4).isEqualTo(expected);
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void withoutContentDispositionTheFileIsNamedAfterTheTitle() throws IOException {
        String conversation = conversationWithMessages("Plans 2025/2026");
        chat.page.route(url -> url.contains("/export?"), route -> {
            var response = route.fetch();
            Map<String, String> headers = new LinkedHashMap<>(response.headers());
            headers.keySet().removeIf(h -> h.equalsIgnoreCase("content-disposition"));
            route.fulfill(new Route.FulfillOptions().setResponse(response).setHeaders(headers));
        });
        chat.openConversation(conversation);

        Download download = export("json");
        assertThat(download.suggestedFilename()).isEqualTo("Plans 2025_2026.json"); // no folders in a file name
        assertThat(JSON.readTree(read(download)).at("/conversation/id").asText()).isEqualTo(conversation);
    }

    @Test
    void theExportControlIsOnlyForARealConversationAndWorksByKeyboard() {
        String conversation = server.conversation("Keyboard");
        chat.open("");
        assertThat(exportButton()).isHidden(); // a new chat has nothing on the server yet
        chat.page.locator("#conversations li[data-id='" + conversation + "'] .conv-open").click();
        assertThat(chat.page.locator("#chat-title")).hasText("Keyboard");
        assertThat(exportButton()).isVisible();

        exportButton().focus();
        chat.page.keyboard().press("Enter");
        assertThat(exportButton()).hasAttribute("aria-expanded", "true");
        Locator markdown = chat.page.locator("#export-menu button[data-format='markdown']");
        assertThat(markdown).isFocused();
        assertThat(markdown).hasAttribute("aria-label", "Export as Markdown (.md)");
        chat.screenshot("export-menu.png");
        chat.page.keyboard().press("Escape");
        assertThat(chat.page.locator("#export-menu")).isHidden();
        assertThat(exportButton()).hasAttribute("aria-expanded", "false");
        assertThat(exportButton()).isFocused();
        // a click elsewhere closes it too
        exportButton().click();
        assertThat(markdown).isVisible();
        chat.page.locator("#chat-title").click();
        assertThat(chat.page.locator("#export-menu")).isHidden();

        chat.page.locator("#new-chat").click();
        assertThat(exportButton()).isHidden();
        // a draft (its first message not yet sent, so no conversation on the server) has nothing to export either
        chat.offline(true);
        chat.dropSocket();
        chat.awaitState("offline");
        chat.send("written on the train");
        assertThat(chat.users().last()).hasAttribute("data-status", "sending");
        assertThat(chat.eval("() => window.tether.current().startsWith('draft:')")).isEqualTo(true);
        assertThat(exportButton()).isHidden();
    }

    @Test
    void anExportThatFailsShowsANotice() {
        String conversation = conversationWithMessages("Doomed");
        String other = conversationWithMessages("Unreachable");
        List<Download> downloads = new CopyOnWriteArrayList<>();
        chat.page.onDownload(downloads::add);
        chat.openConversation(conversation);
        assertThat(chat.lastReply()).containsText("Empty.");
        // deleted behind the server's back, so this page is not told
        assertThat(server.store.deleteConversation(conversation)).isTrue();

        exportButton().click();
        chat.page.locator("#export-menu button[data-format='markdown']").click();
        assertThat(chat.page.locator("#older")).hasText(
                "The conversation could not be exported: the conversation does not exist any more.");
        assertThat(exportButton()).not().hasAttribute("aria-busy", "true");

        chat.openConversation(other);
        assertThat(chat.lastReply()).containsText("Empty.");
        chat.offline(true);
        exportButton().click();
        chat.page.locator("#export-menu button[data-format='json']").click();
        assertThat(chat.page.locator("#older")).containsText("The conversation could not be exported: The server cannot be reached");
        assertThat(downloads).isEmpty();
    }

    @Test
    void exportSendsTheAccessToken() throws IOException {
        String token = "tth_export";
        Files.createDirectories(dir.resolve("guarded"));
        try (UiServer guarded = new UiServer(dir.resolve("guarded"), t -> t.filter(token::equals).map(x -> new TokenOwner("ada", "t1")), "ada");
             ChatPage page = new ChatPage(guarded)) {
            String conversation = guarded.conversation("Ada's export");
            guarded.store.appendUserMessage(conversation, "c1", "Hello from Ada");
            page.open("token=" + token + "&c=" + conversation);
            assertThat(page.page.locator("#chat-title")).hasText("Ada's export");
            page.page.locator("#export-button").click();
            Download download = page.page.waitForDownload(
                    page.page.locator("#export-menu button[data-format='markdown']")::click);
            assertThat(download.suggestedFilename()).isEqualTo("Ada's export.md");
            assertThat(read(download)).startsWith("# Ada's export").contains("Hello from Ada");
        }
    }
}
