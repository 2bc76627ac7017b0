package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The chat UI as a test drives it: open, type, read what is rendered, break the network. */
final class ChatPage implements AutoCloseable {
    static final double WAIT_MS = 15_000;

    final UiServer server;
    final BrowserContext context;
    final Page page;
    /** Uncaught page errors and console errors, for tests to assert there were none. */
    final List<String> errors = new CopyOnWriteArrayList<>();

    ChatPage(UiServer server) {
        this.server = server;
        this.context = Browsers.chromium().newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(1200, 800));
        this.page = context.newPage();
        page.setDefaultTimeout(WAIT_MS);
        page.onPageError(e -> errors.add("pageerror: " + e));
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) {
                errors.add("console: " + m.text());
            }
        });
    }

    /** Opens the UI at {@code fragment} (for example {@code c=ID}) and waits for the connection. */
    ChatPage open(String fragment) {
        page.navigate(server.baseUrl() + "/" + (fragment.isEmpty() ? "" : "#" + fragment));
        awaitState("open");
        return this;
    }

    ChatPage openConversation(String conversation) {
        return open("c=" + conversation);
    }

    void awaitState(String state) {
        assertThat(page.locator("#status")).hasAttribute("data-state", state, timeout());
    }

    void send(String text) {
        page.locator("#input").fill(text);
        page.locator("#input").press("Enter");
    }

    Locator replies() {
        return page.locator("#messages article.assistant");
    }

    Locator lastReply() {
        return replies().last();
    }

    Locator users() {
        return page.locator("#messages article.user");
    }

    void awaitLastReply(String status) {
        assertThat(lastReply()).hasAttribute("data-status", status, timeout());
    }

    /** The text the last reply shows (its Markdown rendered; tool steps and the code blocks' heads left out). */
    String lastReplyText() {
        return (String) lastReply().evaluate("a => [...a.querySelectorAll('.parts > .md')].map(e => {"
                + " const c = e.cloneNode(true); c.querySelectorAll('.code-head').forEach(h => h.remove());"
                + " return c.textContent; }).join('')");
    }

    /** The Markdown source the UI assembled for the last reply, from its deltas or snapshot. */
    String lastReplySource() {
        return (String) page.evaluate("() => { const m = window.tether.models.get(window.tether.current());"
                + " const r = m.items.filter(i => i.kind === 'reply').at(-1);"
                + " return r.parts.filter(p => p.type === 'text').map(p => p.text).join(''); }");
    }

    /** Kills the socket the way a dead network does: no close handshake waited for. */
    void dropSocket() {
        page.evaluate("() => window.tether.dropSocket()");
    }

    void offline(boolean offline) {
        context.setOffline(offline);
    }

    Object eval(String script) {
        return page.evaluate(script);
    }

    void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "ui-screenshots", name)).setFullPage(false));
    }

    static LocatorAssertions.HasAttributeOptions timeout() {
        return new LocatorAssertions.HasAttributeOptions().setTimeout(WAIT_MS);
    }

    @Override
    public void close() {
        context.close();
    }
}
