package dev.tether.tools.fs;

import static dev.tether.tools.ToolCalls.failure;
import static dev.tether.tools.ToolCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListDirToolTest {
    @TempDir
    Path workspace;
    final ListDirTool tool = new ListDirTool();

    @Test
    void listsRootByDefaultWithSlashForDirectories() throws IOException {
        Files.createDirectories(workspace.resolve("src"));
        Files.writeString(workspace.resolve("b.txt"), "");
        Files.writeString(workspace.resolve("a.txt"), "");
        assertThat(ok(tool, workspace)).isEqualTo("a.txt\nb.txt\nsrc/\n");
    }

    @Test
    void marksSymlinks() throws IOException {
        Files.writeString(workspace.resolve("a.txt"), "");
        Files.createSymbolicLink(workspace.resolve("link"), workspace.resolve("a.txt"));
        assertThat(ok(tool, workspace, "path", ".")).isEqualTo("a.txt\nlink@\n");
    }

    @Test
    void listsSubdirectory() throws IOException {
        Files.createDirectories(workspace.resolve("docs/img"));
        Files.writeString(workspace.resolve("docs/guide.md"), "");
        assertThat(ok(tool, workspace, "path", "docs")).isEqualTo("guide.md\nimg/\n");
    }

    @Test
    void capsEntriesWithNote() throws IOException {
        for (int i = 0; i < ListDirTool.MAX_ENTRIES + 7; i++) {
            Files.createFile(workspace.resolve(String.format("f%04d", i)));
        }
        String listing = ok(tool, workspace);
        assertThat(listing.lines().filter(l -> l.startsWith("f"))).hasSize(ListDirTool.MAX_ENTRIES);
        assertThat(listing).contains("[... 7 more entries not shown");
    }

    @Test
    void emptyDirectorySaysSo() {
        assertThat(ok(tool, workspace)).isEqualTo("(empty directory '.')");
    }

    @Test
    void fileIsNotADirectory() throws IOException {
        Files.writeString(workspace.resolve("a.txt"), "");
        assertThat(failure(tool, workspace, "path", "a.txt").message()).isEqualTo("'a.txt' is a file, not a directory");
    }

    @Test
    void missingDirectorySuggestsClosest() throws IOException {
        Files.createDirectories(workspace.resolve("source"));
        var failure = failure(tool, workspace, "path", "sourc");
        assertThat(failure.message()).isEqualTo("Directory not found: 'sourc'");
        assertThat(failure.hint()).isEqualTo("Did you mean 'source'?");
    }
}
