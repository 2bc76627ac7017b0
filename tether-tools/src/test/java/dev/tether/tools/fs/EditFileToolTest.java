package dev.tether.tools.fs;

import static dev.tether.tools.ToolCalls.failure;
import static dev.tether.tools.ToolCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditFileToolTest {
    @TempDir
    Path workspace;
    final EditFileTool tool = new EditFileTool();

    @Test
    void replacesTheOneOccurrence() throws IOException {
        Path file = Files.writeString(workspace.resolve("a.txt"), "alpha\nbeta\ngamma\n");
        assertThat(ok(tool, workspace, "path", "a.txt", "old_text", "beta", "new_text", "BETA"))
                .isEqualTo("Edited 'a.txt': replaced 1 occurrence at line 2.");
        assertThat(Files.readString(file)).isEqualTo("alpha\nBETA\ngamma\n");
    }

    @Test
    void zeroOccurrencesSaysSoAndLeavesFileAlone() throws IOException {
        Path file = Files.writeString(workspace.resolve("a.txt"), "alpha\n");
        var failure = failure(tool, workspace, "path", "a.txt", "old_text", "delta", "new_text", "x");
        assertThat(failure.message()).isEqualTo("old_text occurs 0 times in 'a.txt'");
        assertThat(failure.hint()).contains("copy old_text exactly");
        assertThat(Files.readString(file)).isEqualTo("alpha\n");
    }

    @Test
    void severalOccurrencesListsLinesAndAsksForContext() throws IOException {
        Path file = Files.writeString(workspace.resolve("a.txt"), "x = 1\ny = 2\nx = 1\n");
        var failure = failure(tool, workspace, "path", "a.txt", "old_text", "x = 1", "new_text", "x = 3");
        assertThat(failure.message()).isEqualTo("old_text occurs 2 times in 'a.txt' (at lines 1, 3)");
        assertThat(failure.hint()).contains("Include more surrounding lines");
        assertThat(Files.readString(file)).isEqualTo("x = 1\ny = 2\nx = 1\n");
    }

    @Test
    void whitespaceMismatchGetsSpecificHint() throws IOException {
        Files.writeString(workspace.resolve("a.py"), "def f():\n    return 1\n");
        var failure = failure(tool, workspace, "path", "a.py", "old_text", "def f():\n  return 1", "new_text", "x");
        assertThat(failure.hint()).contains("whitespace differs");
    }

    @Test
    void lfOldTextMatchesCrlfFileAndKeepsCrlf() throws IOException {
        Path file = Files.writeString(workspace.resolve("w.txt"), "one\r\ntwo\r\nthree\r\n");
        ok(tool, workspace, "path", "w.txt", "old_text", "one\ntwo", "new_text", "1\n2");
        assertThat(Files.readString(file)).isEqualTo("1\r\n2\r\nthree\r\n");
    }

    @Test
    void missingFileGetsDidYouMean() throws IOException {
        Files.writeString(workspace.resolve("config.json"), "{}");
        assertThat(failure(tool, workspace, "path", "conifg.json", "old_text", "a", "new_text", "b").hint())
                .isEqualTo("Did you mean 'config.json'?");
    }

    @Test
    void emptyOldTextIsRefused() throws IOException {
        Files.writeString(workspace.resolve("a.txt"), "alpha");
        assertThat(failure(tool, workspace, "path", "a.txt", "old_text", "", "new_text", "x").message())
                .isEqualTo("old_text is empty");
    }

    @Test
    void nonUtf8FileIsRefusedInsteadOfCorrupted() throws IOException {
        Path file = Files.write(workspace.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xe9});
        assertThat(failure(tool, workspace, "path", "latin1.txt", "old_text", "caf", "new_text", "x").message())
                .isEqualTo("'latin1.txt' is not valid UTF-8 text");
        assertThat(Files.readAllBytes(file)).containsExactly('c', 'a', 'f', (byte) 0xe9);
    }
}
