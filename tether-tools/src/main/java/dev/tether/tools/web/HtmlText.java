package dev.tether.tools.web;

import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * Turns a parsed HTML document into plain text a model reads well: scripts, styles and other invisible
 * parts dropped; block elements on their own lines; headings as {@code #}, list items as {@code -}, links as
 * {@code [text](url)}; whitespace collapsed except inside {@code <pre>}.
 */
final class HtmlText implements NodeVisitor {
    private static final String INVISIBLE = "script, style, noscript, template, svg, canvas, iframe, object, embed,"
            + " head";
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "header", "footer", "nav",
            "main", "aside", "ul", "ol", "li", "table", "tr", "blockquote", "pre", "hr", "dl", "dt", "dd",
            "figure", "figcaption", "form", "fieldset", "address", "details", "summary", "h1", "h2", "h3", "h4",
            "h5", "h6", "body");
    private final StringBuilder out = new StringBuilder();
    private int preDepth;

    private HtmlText() {
    }

    /** The document's readable text (the {@code <title>} is not included; see {@link Document#title()}). */
    static String of(Document document) {
        Document copy = document.clone();
        copy.select(INVISIBLE).remove();
        HtmlText visitor = new HtmlText();
        copy.body().traverse(visitor);
        return visitor.out.toString()
                .replaceAll("[ \\t]+\\n", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
    }

    @Override
    public void head(Node node, int depth) {
        if (node instanceof TextNode text) {
            appendText(preDepth > 0 ? text.getWholeText() : text.text());
        } else if (node instanceof Element element) {
            String tag = element.normalName();
            if (tag.equals("pre")) {
                preDepth++;
            }
            if (tag.equals("br")) {
                out.append('\n');
            } else if (BLOCKS.contains(tag)) {
                newline();
            }
            if (tag.matches("h[1-6]")) {
                out.append("#".repeat(tag.charAt(1) - '0')).append(' ');
            } else if (tag.equals("li")) {
                out.append("- ");
            } else if (tag.equals("a") && link(element) != null) {
                out.append('[');
            } else if (tag.equals("td") || tag.equals("th")) {
                out.append(atLineStart() ? "| " : " | ");
            }
        }
    }

    @Override
    public void tail(Node node, int depth) {
        if (node instanceof Element element) {
            String tag = element.normalName();
            if (tag.equals("pre")) {
                preDepth--;
            }
            String href = tag.equals("a") ? link(element) : null;
            if (href != null) {
                out.append("](").append(href).append(')');
            }
            if (BLOCKS.contains(tag)) {
                newline();
            }
        }
    }

    private void appendText(String text) {
        if (preDepth == 0 && (atLineStart() || out.charAt(out.length() - 1) == ' ')) {
            text = text.stripLeading();
        }
        out.append(text);
    }

    private boolean atLineStart() {
        return out.isEmpty() || out.charAt(out.length() - 1) == '\n';
    }

    private void newline() {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    private static String link(Element anchor) {
        String href = anchor.absUrl("href");
        return href.startsWith("http://") || href.startsWith("https://") ? href : null;
    }
}
