package dev.tether.tools.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NameSuggestionsTest {

    @Test
    void prefersSameStemThenSmallEdits() {
        assertThat(NameSuggestions.closest("notes", List.of("nodes.txt", "notes.md", "zzz")))
                .containsExactly("notes.md");
        assertThat(NameSuggestions.closest("README", List.of("readme.md", "read.me", "src")))
                .startsWith("readme.md");
    }

    @Test
    void nothingCloseMeansNoSuggestion() {
        assertThat(NameSuggestions.closest("main.py", List.of("pom.xml", "target"))).isEmpty();
    }

    @Test
    void levenshteinDistance() {
        assertThat(NameSuggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(NameSuggestions.distance("", "abc")).isEqualTo(3);
        assertThat(NameSuggestions.distance("same", "same")).isZero();
    }
}
