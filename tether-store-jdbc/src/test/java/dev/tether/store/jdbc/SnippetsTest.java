package dev.tether.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.store.MessageMatch;
import org.junit.jupiter.api.Test;

/** The edges of snippet cutting that the store contract does not reach. */
class SnippetsTest {
    private static final int WIDTH = MessageMatch.SNIPPET_LENGTH;

    @Test
    void aMatchLongerThanTheSnippetShowsItsStart() {
        String text = "y".repeat(WIDTH + 40);
        String snippet = Snippets.of("x".repeat(500) + " " + text + " " + "z".repeat(500), text);

        assertThat(snippet).isEqualTo("…" + "y".repeat(WIDTH) + "…");
    }

    @Test
    void aCutNeverSplitsACharacterOutsideTheBasicPlane() {
        String emoji = "\uD83D\uDE00"; // one character, two chars
        for (int shift = 0; shift < 4; shift++) {
            // the cuts fall at a fixed distance from the match: moving it by a char moves them into or out of a pair
            String content = emoji.repeat(200) + " " + "b".repeat(shift) + "needle " + "c".repeat(shift)
                    + emoji.repeat(200);

            String snippet = Snippets.of(content, "needle");

            String inner = snippet.substring(1, snippet.length() - 1);
            assertThat(Character.isLowSurrogate(inner.charAt(0))).as("starts inside a pair, shift " + shift).isFalse();
            assertThat(Character.isHighSurrogate(inner.charAt(inner.length() - 1))).as("ends inside a pair").isFalse();
            assertThat(inner).contains("needle");
        }
    }

    @Test
    void textTheDatabaseMatchedButJavaCannotFindShowsTheMessagesStart() {
        String content = "Start here. " + "word ".repeat(100);

        assertThat(Snippets.of(content, "not in it")).startsWith("Start here. word").endsWith("…")
                .hasSizeLessThanOrEqualTo(WIDTH + 1);
    }

    @Test
    void casesAreComparedLetterByLetterSoTheMatchStaysWhereItIs() {
        // "İ" lower-cases to two chars: lower-casing the whole text first would shift every index after it
        String content = "İ".repeat(300) + " the WORD is here " + "x ".repeat(200);

        assertThat(Snippets.indexIgnoringCase(content, "word")).isEqualTo(content.indexOf("WORD"));
        assertThat(Snippets.of(content, "word")).contains("the WORD is here");
    }

    @Test
    void anEmptyOrBlankMessageGivesAnEmptySnippet() {
        assertThat(Snippets.of("", "x")).isEmpty();
        assertThat(Snippets.of(" \n\t ", "x")).isEmpty();
    }
}
