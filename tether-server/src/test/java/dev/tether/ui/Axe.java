package dev.tether.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.stream.Collectors;

/** axe-core (Deque's accessibility engine, the one browser audits use) run on a page against WCAG 2.1 A and AA. */
final class Axe {
    private static final List<String> WCAG = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private Axe() {
    }

    /** The violations on the page as it is now, one line each with the elements concerned; empty if none. */
    static List<String> violations(Page page) {
        AxeResults results = new AxeBuilder(page).withTags(WCAG).analyze();
        assertThat(results.isErrored()).as("axe ran: %s", results.getErrorMessage()).isFalse();
        return results.getViolations().stream().map(Axe::describe).toList();
    }

    private static String describe(Rule rule) {
        return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at " + rule.getNodes().stream()
                .map(Axe::describe).collect(Collectors.joining(" | "));
    }

    private static String describe(CheckedNode node) {
        String html = node.getHtml().length() > 120 ? node.getHtml().substring(0, 120) + "…" : node.getHtml();
        return html + " (" + String.valueOf(node.getFailureSummary()).replaceAll("\\s+", " ").strip() + ")";
    }
}
