package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.testkit.model.Script;
import java.time.Duration;
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
        Object same = chat.lastReply().evaluate("async (a) => {"
                + " const { renderMarkdown } = await import('/js/markdown.js');"
                + " const { addCodeButtons } = await import('/js/copy.js');"
                + " const md = a.querySelector('.parts > .md'); const fresh = document.createElement('div');"
                + " renderMarkdown(fresh, window.tether.models.get(window.tether.current()).items.at(-1).parts[0].text,"
                + "   (block) => addCodeButtons(block));"
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
}
