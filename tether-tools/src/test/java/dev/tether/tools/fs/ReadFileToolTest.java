package dev.tether.tools.fs;

import static dev.tether.tools.ToolCalls.failure;
import static dev.tether.tools.ToolCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadFileToolTest {
    @TempDir
    Path workspace;
    final ReadFileTool tool = new ReadFileTool();

    @Test
    void readsWholeSmallFile() throws IOException {
        Files.writeString(workspace.resolve("notes.md"), "line 1\nline 2\n");
        assertThat(ok(tool, workspace, "path", "notes.md")).isEqualTo("line 1\nline 2\n");
    }

    @Test
    void readsWindowAndSaysHowToContinue() throws IOException {
        Files.writeString(workspace.resolve("n.txt"), lines(10));
        String window = ok(tool, workspace, "path", "n.txt", "offset", 3, "limit", 2);
        assertThat(window).startsWith("3\n4\n")
                .contains("[Showing lines 3-4. The file continues: call read_file with offset=5 to read more.]");
    }

    @Test
    void lastWindowSaysEndOfFile() throws IOException {
        Files.writeString(workspace.resolve("n.txt"), lines(10));
        assertThat(ok(tool, workspace, "path", "n.txt", "offset", 9))
                .isEqualTo("9\n10\n[Showing lines 9-10; end of file.]");
    }

    @Test
    void capsCharactersAndGivesNextOffset() throws IOException {
        String longLine = "x".repeat(ReadFileTool.MAX_CHARS + 500);
        Files.writeString(workspace.resolve("big.txt"), "first\n" + longLine + "\nthird\n");
        String read = ok(tool, workspace, "path", "big.txt");
        assertThat(read).hasSizeLessThan(ReadFileTool.MAX_CHARS + 300)
                .contains("[Output cut at " + ReadFileTool.MAX_CHARS + " characters inside line 2. Call read_file"
                        + " with offset=3");
        assertThat(ok(tool, workspace, "path", "big.txt", "offset", 3)).startsWith("third\n");
    }

    @Test
    void missingFileSuggestsClosestName() throws IOException {
        Files.writeString(workspace.resolve("notes.md"), "x");
        Files.writeString(workspace.resolve("other.txt"), "x");
        var failure = failure(tool, workspace, "path", "notes");
        assertThat(failure.message()).isEqualTo("File not found: 'notes'");
        assertThat(failure.hint()).isEqualTo("Did you mean 'notes.md'?");
    }

    @Test
    void missingFileInSubdirectorySuggestsWithDirectoryPrefix() throws IOException {
        Files.createDirectories(workspace.resolve("docs"));
        Files.writeString(workspace.resolve("docs/readme.md"), "x");
        assertThat(failure(tool, workspace, "path", "docs/raedme.md").hint())
                .isEqualTo("Did you mean 'docs/readme.md'?");
    }

    @Test
    void missingDirectoryIsNamedInHint() {
        assertThat(failure(tool, workspace, "path", "nope/file.txt").hint())
                .contains("The directory 'nope' does not exist");
    }

    @Test
    void directoryIsAClearFailure() throws IOException {
        Files.createDirectories(workspace.resolve("src"));
        var failure = failure(tool, workspace, "path", "src");
        assertThat(failure.message()).isEqualTo("'src' is a directory, not a file");
        assertThat(failure.hint()).contains("list_dir");
    }

    @Test
    void binaryFileIsRefusedNotDumped() throws IOException {
        Files.write(workspace.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 1, 2});
        assertThat(failure(tool, workspace, "path", "image.png").message())
                .isEqualTo("'image.png' is a binary file, not text");
    }

    @Test
    void offsetPastEndSaysHowManyLines() throws IOException {
        Files.writeString(workspace.resolve("n.txt"), lines(3));
        var failure = failure(tool, workspace, "path", "n.txt", "offset", 7);
        assertThat(failure.message()).isEqualTo("offset 7 is past the end of 'n.txt' (3 lines)");
        assertThat(failure.hint()).isEqualTo("Use an offset between 1 and 3.");
    }

    @Test
    void zeroOffsetIsRefused() throws IOException {
        Files.writeString(workspace.resolve("n.txt"), lines(3));
        assertThat(failure(tool, workspace, "path", "n.txt", "offset", 0).message())
                .isEqualTo("'offset' must be at least 1 but was 0");
    }

    @Test
    void emptyFileSaysSo() throws IOException {
        Files.writeString(workspace.resolve("empty.txt"), "");
        assertThat(ok(tool, workspace, "path", "empty.txt")).isEqualTo("(empty file)");
    }

    private static String lines(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n"));
    }
}
