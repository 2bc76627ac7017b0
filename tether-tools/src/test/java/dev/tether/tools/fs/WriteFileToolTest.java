package dev.tether.tools.fs;

import static dev.tether.tools.ToolCalls.args;
import static dev.tether.tools.ToolCalls.context;
import static dev.tether.tools.ToolCalls.failure;
import static dev.tether.tools.ToolCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.api.tool.ToolArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteFileToolTest {
    @TempDir
    Path workspace;
    final WriteFileTool tool = new WriteFileTool();

    @Test
    void createsFileAndParentDirectories() throws IOException {
        assertThat(ok(tool, workspace, "path", "a/b/c.txt", "content", "héllo"))
                .isEqualTo("Created 'a/b/c.txt' (6 bytes).");
        assertThat(Files.readString(workspace.resolve("a/b/c.txt"))).isEqualTo("héllo");
    }

    @Test
    void overwritesExistingFile() throws IOException {
        Files.writeString(workspace.resolve("x.txt"), "old content that is longer");
        assertThat(ok(tool, workspace, "path", "x.txt", "content", "new")).startsWith("Overwrote 'x.txt'");
        assertThat(Files.readString(workspace.resolve("x.txt"))).isEqualTo("new");
    }

    @Test
    void refusesDirectoryTarget() throws IOException {
        Files.createDirectories(workspace.resolve("docs"));
        assertThat(failure(tool, workspace, "path", "docs", "content", "x").message())
                .isEqualTo("'docs' is a directory, not a file");
    }

    @Test
    void fileInTheWayOfParentIsExplained() throws IOException {
        Files.writeString(workspace.resolve("a"), "I am a file");
        assertThat(failure(tool, workspace, "path", "a/b.txt", "content", "x").message())
                .contains("Cannot create directory 'a'");
    }

    @Test
    void missingContentIsAnArgumentError() {
        assertThatThrownBy(() -> tool.execute(args("path", "x.txt"), context(workspace)))
                .isInstanceOf(ToolArgumentException.class)
                .hasMessageContaining("'content'");
    }
}
