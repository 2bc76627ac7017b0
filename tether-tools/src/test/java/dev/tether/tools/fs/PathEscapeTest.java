package dev.tether.tools.fs;

import static dev.tether.tools.ToolCalls.args;
import static dev.tether.tools.ToolCalls.context;
import static dev.tether.tools.ToolCalls.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.api.tool.Tool;
import dev.tether.tools.BuiltinTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every file tool refuses every way out of the workspace, and leaves the outside untouched. */
class PathEscapeTest {
    @TempDir
    Path temp;
    Path workspace;
    Path outside;
    Path secret;

    @BeforeEach
    void setUp() throws IOException {
        workspace = Files.createDirectory(temp.resolve("ws"));
        outside = Files.createDirectory(temp.resolve("outside"));
        secret = Files.writeString(outside.resolve("secret.txt"), "top secret");
        Files.createSymbolicLink(workspace.resolve("secret-link.txt"), secret);
        Files.createSymbolicLink(workspace.resolve("outdir"), outside);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside/secret.txt", "../../etc/passwd", "/etc/passwd", "secret-link.txt",
        "outdir/secret.txt"})
    void readFileRefusesEscape(String path) {
        assertThat(failure(new ReadFileTool(), workspace, "path", path).forModel())
                .contains("outside the workspace")
                .doesNotContain("top secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside/secret.txt", "/etc/passwd", "secret-link.txt", "outdir/secret.txt",
        "outdir/new.txt", "outdir/sub/new.txt"})
    void writeFileRefusesEscapeAndWritesNothingOutside(String path) throws IOException {
        failure(new WriteFileTool(), workspace, "path", path, "content", "pwned");
        assertThat(Files.readString(secret)).isEqualTo("top secret");
        assertThat(outside.resolve("new.txt")).doesNotExist();
        assertThat(outside.resolve("sub")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside/secret.txt", "secret-link.txt", "outdir/secret.txt"})
    void editFileRefusesEscape(String path) throws IOException {
        failure(new EditFileTool(), workspace, "path", path, "old_text", "top", "new_text", "no");
        assertThat(Files.readString(secret)).isEqualTo("top secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../outside", "/etc", "outdir"})
    void listDirRefusesEscape(String path) {
        assertThat(failure(new ListDirTool(), workspace, "path", path).forModel())
                .contains("outside the workspace")
                .doesNotContain("secret.txt");
    }

    @Test
    void writeThroughDanglingSymlinkIsRefused() throws IOException {
        Files.createSymbolicLink(workspace.resolve("dangling.txt"), outside.resolve("created-by-link.txt"));
        failure(new WriteFileTool(), workspace, "path", "dangling.txt", "content", "x");
        assertThat(outside.resolve("created-by-link.txt")).doesNotExist();
    }

    @Test
    void everyFileToolIsConfined() {
        for (Tool tool : BuiltinTools.fileTools()) {
            assertThat(tool.execute(args("path", "../outside/secret.txt", "content", "x", "old_text", "top",
                    "new_text", "x"), context(workspace)).forModel())
                    .as(tool.spec().name())
                    .startsWith("Error: ")
                    .contains("outside the workspace");
        }
    }
}
