package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.testkit.model.Script;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** TeX math in replies, typeset by KaTeX after sanitising (js/math.js). */
class MathBrowserTest extends BrowserTest {
    private void openReply(String answer) {
        String conversation = server.conversation("Math");
        long q = server.store.appendUserMessage(conversation, UUID.randomUUID().toString(), "Show me").message().id();
        server.store.appendMessage(NewMessage.assistant(conversation, answer, List.of(), MessageStatus.COMPLETE)
                .replyingTo(q));
        chat.openConversation(conversation);
        chat.awaitLastReply("complete");
    }

    private String tex(Locator math) {
        return (String) math.locator("annotation[encoding='application/x-tex']").evaluate("a => a.textContent");
    }

    @Test
    void inlineAndDisplayMathIsTypesetWithItsTexKeptForScreenReaders() {
        openReply("Energy: $E=mc^2$, and \\(a^2+b^2=c^2\\) for $x$.\n\n$$\n\\int_0^1 x\\,dx = \\frac{1}{2}\n$$\n\n"
                + "Also \\[\\sum_{i=1}^n i\\] ends it.");

        Locator inline = chat.lastReply().locator(".math-inline.typeset");
        assertThat(inline).hasCount(3);
        assertThat(tex(inline.nth(0))).isEqualTo("E=mc^2");
        assertThat(tex(inline.nth(1))).isEqualTo("a^2+b^2=c^2");
        assertThat(tex(inline.nth(2))).isEqualTo("x");
        Locator display = chat.lastReply().locator("div.math-display.typeset .katex-display");
        assertThat(display).hasCount(1);
        assertThat(tex(display)).isEqualTo("\\int_0^1 x\\,dx = \\frac{1}{2}");
        Locator inLine = chat.lastReply().locator("p span.math-display.typeset .katex-display"); // \[...\] in a line
        assertThat(inLine).hasCount(1);
        assertThat(tex(inLine)).isEqualTo("\\sum_{i=1}^n i");
        assertThat(chat.lastReply().locator(".katex-html").first()).isVisible();
        // KaTeX's fonts were fetched and used: the glyphs are not in the page's own font
        Object font = chat.lastReply().locator(".math-inline .mord.mathnormal").first()
                .evaluate("e => getComputedStyle(e).fontFamily");
        assertThat((String) font).startsWith("KaTeX_Math");
        chat.page.waitForCondition(() -> (Boolean) chat.page.evaluate("() => document.fonts.check('16px KaTeX_Math')"),
                new Page.WaitForConditionOptions().setTimeout(ChatPage.WAIT_MS));
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void copyingASelectionWithMathCopiesItsTex() {
        openReply("Energy is $E=mc^2$ here.");
        assertThat(chat.lastReply().locator(".math.typeset")).hasCount(1);

        String copy = "p => {"
                + " const range = document.createRange(); range.selectNodeContents(p);"
                + " getSelection().removeAllRanges(); getSelection().addRange(range);"
                + " const data = new DataTransfer();"
                + " document.dispatchEvent(new ClipboardEvent('copy', { clipboardData: data, bubbles: true, cancelable: true }));"
                + " return data.getData('text/plain'); }";
        String expected = "Energy is $E=mc^2$ here.";
        Locator paragraph = chat.lastReply().locator(".md p");
        try { // copy-tex loads beside KaTeX: poll until its handler is there
            chat.page.waitForCondition(() -> expected.equals(paragraph.evaluate(copy)),
                    new Page.WaitForConditionOptions().setTimeout(ChatPage.WAIT_MS));
        } catch (com.microsoft.playwright.TimeoutError e) {
            // the assertion below says what was copied instead
        }

        assertThat(paragraph.evaluate(copy)).isEqualTo(expected);
    }

    @Test
    void dollarsThatAreNotMathStayTextAsDoCodeSpansAndBlocks() {
        openReply("It costs $20,000 and $30,000, or \\$5 each. In code: `$x$` and\n\n```\n$y$ and $$z$$\n```\n");

        assertThat(chat.lastReply().locator(".math")).hasCount(0);
        assertThat(chat.lastReply().locator("p").first()).hasText("It costs $20,000 and $30,000, or $5 each. In code: $x$ and");
        assertThat(chat.lastReply().locator("p code")).hasText("$x$");
        assertThat(chat.lastReply().locator("pre code")).hasText("$y$ and $$z$$");
    }

    @Test
    void texCannotRunScriptsOrMakeLinks() {
        openReply("$\\href{javascript:window.__xss=1}{click}$ and $\\url{javascript:window.__xss=2}$ and "
                + "$\\htmlId{x}{y}$ and \\(\\includegraphics{x.png}\\) and $\\text{<img src=x onerror=window.__xss=3>}$"
                + " end");

        assertThat(chat.lastReply().locator(".math.typeset")).hasCount(5);
        assertThat(chat.lastReply()).containsText("end");
        assertThat(chat.lastReply().locator("a, img, script, [onerror], [onload]")).hasCount(0);
        for (Locator a : chat.lastReply().locator(".math").all()) {
            a.click();
        }
        assertThat(chat.eval("() => window.__xss === undefined")).isEqualTo(true);
    }

    @Test
    void brokenTexShowsItsSourceMarkedAndTheRestOfTheReplyRenders() {
        openReply("Oops: $\\frac{1}$ but **this** is fine.");

        Locator error = chat.lastReply().locator(".math.typeset .katex-error");
        assertThat(error).hasText("\\frac{1}");
        assertThat(error).hasAttribute("title", java.util.regex.Pattern.compile("ParseError"));
        assertThat(chat.lastReply().locator("strong")).hasText("this");
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void mathStreamedInPiecesIsTypesetOnceComplete() {
        server.model.enqueue(Script.text("The sum $a", "+b$ and ", "$$\n\\frac{a}", "{b}\n$$\n", "done.")
                .chunkDelay(Duration.ofMillis(60)));
        chat.open("");
        chat.send("stream math");
        chat.awaitLastReply("complete");

        assertThat(chat.lastReply().locator(".math.typeset")).hasCount(2);
        assertThat(tex(chat.lastReply().locator(".math-inline"))).isEqualTo("a+b");
        assertThat(tex(chat.lastReply().locator(".math-display"))).isEqualTo("\\frac{a}{b}");
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void whenKaTeXCannotBeLoadedMathStaysReadableAsTex() {
        chat.page.route("**/katex.mjs", Route::abort);
        List<String> warnings = new CopyOnWriteArrayList<>();
        chat.page.onConsoleMessage(m -> warnings.add(m.text()));
        openReply("Energy: $E=mc^2$ and **more**.");
        chat.page.waitForCondition(() -> warnings.stream().anyMatch(w -> w.contains("math stays as TeX")),
                new Page.WaitForConditionOptions().setTimeout(ChatPage.WAIT_MS));

        assertThat(chat.lastReply().locator(".math-inline")).hasText("$E=mc^2$");
        assertThat(chat.lastReply().locator(".katex")).hasCount(0);
        assertThat(chat.lastReply().locator("strong")).hasText("more");
    }
}
