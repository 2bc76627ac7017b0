package dev.tether.model.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThinkTagsTest {

    /** Feeds {@code reply} cut at {@code a} and {@code b} (three chunks) and returns "thinking|text". */
    private static String split(String reply, int a, int b) {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        ThinkTags tags = new ThinkTags(text::append, thinking::append);
        tags.accept(reply.substring(0, a));
        tags.accept(reply.substring(a, b));
        tags.accept(reply.substring(b));
        tags.end();
        return thinking + "|" + text;
    }

    private static void assertEveryCut(String reply, String expected) {
        for (int a = 0; a <= reply.length(); a++) {
            for (int b = a; b <= reply.length(); b++) {
                assertThat(split(reply, a, b)).as("cut at %d and %d", a, b).isEqualTo(expected);
            }
        }
    }

    @Test
    void reasoningInTagsAtTheStartIsThinkingWhereverTheChunksAreCut() {
        assertEveryCut(" \n<think>\nSix times seven.\n</think>\n\n42.", "\nSix times seven.\n|42.");
    }

    @Test
    void aReplyWithoutTagsIsTextWhereverTheChunksAreCut() {
        assertEveryCut("<b>bold</b> and <think> later", "|<b>bold</b> and <think> later");
        assertEveryCut("  <thin", "|  <thin");
    }

    @Test
    void aReplyCutOffWhileThinkingKeepsWhatItThought() {
        assertEveryCut("<think>Still </thi", "Still </thi|");
    }

    @Test
    void lessThanSignsInsideTheThinkingStayThere() {
        assertEveryCut("<think>a < b and </x></think>ok", "a < b and </x>|ok");
    }

    @Test
    void onlyWhitespaceAfterTheClosingTagIsNothing() {
        assertEveryCut("<think>hm</think>\n\n", "hm|");
    }
}
