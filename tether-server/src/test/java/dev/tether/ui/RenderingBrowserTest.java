package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import dev.tether.testkit.model.Script;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A streamed reply becomes safe, rendered Markdown. */
class RenderingBrowserTest extends BrowserTest {
    @Test
    void aStreamedReplyRendersBoldTextAndCodeBlocks() {
        server.model.enqueue(Script.text("Here is ", "**bold", "** text.\n\n", "```java\n", "int x = 1;\n", "```\n", "Done.")
                .chunkDelay(Duration.ofMillis(40)));
        chat.open("");
        chat.send("show me markdown");

        chat.awaitLastReply("complete");
        assertThat(chat.lastReply().locator("strong")).hasText("bold");
        assertThat(chat.lastReply().locator("pre > code")).containsText("int x = 1;");
        assertThat(chat.users().last()).hasAttribute("data-status", "sent");
        assertThat(chat.users().last().locator(".bubble")).hasText("show me markdown");
        assertThat(chat.page.locator("#stop")).isHidden();
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void aStreamedReplyEndsExactlyAsARenderFromScratchThoughOnlyChangedBlocksAreRenderedAgain() {
        // later text changes earlier blocks: a paragraph becomes a heading, a link definition at the end makes a
        // link of text above a code block; a fence opens in one chunk and closes in another
        server.model.enqueue(Script.text("Intro.\n\nHeading", "\n=======\n\n", "See [the docs][d] and\n\n",
                "```js\nlet x", " = 1;\n``", "`\n\n- a\n", "- b\n\n", "[d]: https://example.com/docs\n").chunkDelay(
                Duration.ofMillis(60)));
        chat.open("");
        chat.send("tricky markdown");
        chat.awaitLastReply("complete");

        assertThat(chat.lastReply().locator("h1")).hasText("Heading");
        assertThat(chat.lastReply().locator("a[href='https://example.com/docs']")).hasText("the docs");
        assertThat(chat.lastReply().locator("li")).hasCount(2);
        assertThat(chat.lastReply().locator("pre > code.hljs")).hasCount(1); // coloured, as the fresh render will be
        Object same = chat.lastReply().evaluate("async (a) => {"
                + " const { renderMarkdown } = await import('/js/markdown.js');"
                + " const { addCodeButtons } = await import('/js/copy.js');"
                + " const { highlightCode } = await import('/js/syntax.js');"
                + " const md = a.querySelector('.parts > .md'); const fresh = document.createElement('div');"
                + " renderMarkdown(fresh, window.tether.models.get(window.tether.current()).items.at(-1).parts[0].text,"
                + "   (block) => { highlightCode(block); addCodeButtons(block); });"
                + " return md.innerHTML === fresh.innerHTML || [md.innerHTML, fresh.innerHTML]; }");
        assertThat(same).isEqualTo(true);
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void scriptsAndEventHandlersInAReplyDoNotRun() {
        server.model.enqueue(Script.text("Look: <img src=\"x\" onerror=\"window.__xss = 1\">",
                " <script>window.__xss = 2</script>",
                " [click](javascript:window.__xss=3) <svg onload=\"window.__xss = 4\"></svg> end"));
        chat.open("");
        chat.send("attack me");

        chat.awaitLastReply("complete");
        assertThat(chat.lastReply()).containsText("end");
        chat.lastReply().locator("a").click();
        assertThat(chat.eval("() => window.__xss === undefined")).isEqualTo(true);
        assertThat(chat.lastReply().locator("script, [onerror], [onload]")).hasCount(0);
        assertThat(chat.lastReply().locator("a[href^='javascript']")).hasCount(0);
    }

    private static final String PYTHON = "# add them up\ndef total(xs):\n    return sum(xs) + 42  # \"the answer\"\n"
            + "print(total([1, 2]), 'done')";

    @Test
    void codeBlocksThatNameALanguageAreColouredAndKeepTheirExactText() {
        server.model.enqueue(Script.text("Python:\n\n```python\n", PYTHON.substring(0, 30), PYTHON.substring(30),
                "\n```\n\nUnknown:\n\n```nosuchlanguage\ndef x\n```\n\nNone:\n\n```\ndef y\n```\n")
                .chunkDelay(Duration.ofMillis(40)));
        chat.open("");
        chat.send("colour my code");
        chat.awaitLastReply("complete");

        Locator python = chat.lastReply().locator("pre > code.language-python");
        assertThat(python).hasClass(Pattern.compile("\\bhljs\\b"));
        assertThat(python.locator(".hljs-keyword").first()).hasText("def");
        assertThat(python.locator(".hljs-comment").first()).hasText("# add them up");
        assertThat(python.locator(".hljs-string").first()).hasText("'done'");
        assertThat(python.locator(".hljs-number").first()).hasText("42");
        assertThat((String) python.evaluate("c => c.textContent")).isEqualTo(PYTHON + "\n");
        Object colours = python.evaluate("c => [getComputedStyle(c).color,"
                + " getComputedStyle(c.querySelector('.hljs-keyword')).color,"
                + " getComputedStyle(c.querySelector('.hljs-string')).color]");
        assertThat((List<?>) colours).doesNotHaveDuplicates();
        // a language highlight.js does not know, and none at all, stay plain text: no guessing
        assertThat(chat.lastReply().locator("pre > code.language-nosuchlanguage")).hasText("def x");
        assertThat(chat.lastReply().locator("pre > code.hljs")).hasCount(1);
        assertThat(chat.lastReply().locator("pre > code span")).hasCount(python.locator("span").count());
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void aLongCodeBlockIsColouredOnceItStopsGrowingAndAnOverlongOneStaysPlain() {
        String overlong = "y = 2\n".repeat(17_000); // 102,000 characters: never coloured
        String longCode = "x = 1  # one\n".repeat(600); // 7,800 characters: coloured once it has settled
        // the overlong block comes first: anything set off for it at its last redraw would run before the long
        // block's colouring, which is set off later, so seeing the long block coloured shows it never will be
        server.model.enqueue(Script.text("```python\n" + overlong + "```\n\n```python\n",
                longCode.substring(0, 4000), longCode.substring(4000), "```\n").chunkDelay(Duration.ofMillis(40)));
        chat.open("");
        chat.send("long code");
        chat.awaitLastReply("complete");

        Locator code = chat.lastReply().locator("pre > code.language-python");
        assertThat(code.nth(1).locator(".hljs-comment")).hasCount(600);
        assertThat((String) code.nth(1).evaluate("c => c.textContent")).isEqualTo(longCode);
        assertThat(code.first().locator("span")).hasCount(0);
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void markupInAColouredCodeBlockIsShownAsTextAndNeverRuns() {
        String html = "<img src=\"x\" onerror=\"window.__xss = 1\">\n<script>window.__xss = 2</script>\n"
                + "<a href=\"javascript:window.__xss=3\">x</a>";
        server.model.enqueue(Script.text("```html\n" + html + "\n```\n"));
        chat.open("");
        chat.send("show me html");
        chat.awaitLastReply("complete");

        Locator code = chat.lastReply().locator("pre > code.language-html");
        assertThat(code.locator(".hljs-tag").first()).isVisible();
        assertThat((String) code.evaluate("c => c.textContent")).isEqualTo(html + "\n");
        assertThat(chat.lastReply().locator("img, script, a[href^='javascript']")).hasCount(0);
        assertThat(chat.eval("() => window.__xss === undefined")).isEqualTo(true);
    }

    @Test
    void whenTheHighlighterCannotBeLoadedCodeShowsUncolouredAndEverythingElseWorks() {
        chat.page.route("**/highlight.min.js", Route::abort);
        List<String> warnings = new CopyOnWriteArrayList<>();
        chat.page.onConsoleMessage(m -> warnings.add(m.text()));
        server.model.enqueue(Script.text("```python\n", PYTHON, "\n```\n\n**after**"));
        chat.open("");
        chat.send("colour my code");
        chat.awaitLastReply("complete");
        chat.page.waitForCondition(() -> warnings.stream().anyMatch(w -> w.contains("code blocks stay uncoloured")),
                new Page.WaitForConditionOptions().setTimeout(ChatPage.WAIT_MS));

        Locator code = chat.lastReply().locator("pre > code.language-python");
        assertThat((String) code.evaluate("c => c.textContent")).isEqualTo(PYTHON + "\n");
        assertThat(chat.lastReply().locator("strong")).hasText("after");
        assertThat(chat.lastReply().locator(".code-block button.copy-code")).hasCount(1);
        assertThat(code.locator("span")).hasCount(0);
        assertThat(code).not().hasClass(Pattern.compile("\\bhljs\\b"));
    }
}
