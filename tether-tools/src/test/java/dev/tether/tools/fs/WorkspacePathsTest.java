package dev.tether.tools.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.tools.ToolFailureException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkspacePathsTest {
    @TempDir
    Path temp;
    Path workspace;
    Path outside;
    WorkspacePaths paths;

    @BeforeEach
    void setUp() throws IOException {
        workspace = Files.createDirectory(temp.resolve("ws"));
        outside = Files.createDirectory(temp.resolve("outside"));
        paths = WorkspacePaths.of(workspace);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../outside/secret.txt", "../../etc/passwd", "a/../../x", "./../ws2"})
    void refusesDotDotEscape(String path) {
        assertThatThrownBy(() -> paths.resolve(path))
                .isInstanceOf(ToolFailureException.class)
                .hasMessageContaining("outside the workspace");
    }

    @Test
    void refusesAbsolutePathOutside() {
        assertThatThrownBy(() -> paths.resolve("/etc/passwd"))
                .isInstanceOf(ToolFailureException.class)
                .hasMessageContaining("'/etc/passwd' is outside the workspace");
    }

    @Test
    void acceptsAbsolutePathInside() throws IOException {
        ResolvedPath resolved = paths.resolve(workspace.resolve("notes.md").toString());
        assertThat(resolved.path()).isEqualTo(workspace.toRealPath().resolve("notes.md"));
        assertThat(resolved.shown()).isEqualTo("notes.md");
    }

    @Test
    void dotDotThatStaysInsideIsFine() {
        assertThat(paths.resolve("a/b/../c.txt").shown()).isEqualTo("a/c.txt");
        assertThat(paths.resolve(".").shown()).isEqualTo(".");
    }

    @Test
    void refusesSymlinkedFileToOutside() throws IOException {
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(workspace.resolve("link.txt"), outside.resolve("secret.txt"));
        assertThatThrownBy(() -> paths.resolve("link.txt"))
                .isInstanceOf(ToolFailureException.class)
                .hasMessageContaining("outside the workspace through a symbolic link");
    }

    @Test
    void refusesNewFileUnderSymlinkedDirectoryToOutside() throws IOException {
        Files.createSymbolicLink(workspace.resolve("out"), outside);
        assertThatThrownBy(() -> paths.resolve("out/new/deeper.txt"))
                .isInstanceOf(ToolFailureException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void refusesDanglingSymlink() throws IOException {
        Files.createSymbolicLink(workspace.resolve("dangling"), outside.resolve("not-yet.txt"));
        assertThatThrownBy(() -> paths.resolve("dangling"))
                .isInstanceOf(ToolFailureException.class)
                .hasMessageContaining("symbolic link whose target does not exist");
    }

    @Test
    void followsSymlinkThatStaysInside() throws IOException {
        Files.createDirectories(workspace.resolve("real/dir"));
        Files.createSymbolicLink(workspace.resolve("alias"), workspace.resolve("real/dir"));
        ResolvedPath resolved = paths.resolve("alias/file.txt");
        assertThat(resolved.path()).isEqualTo(workspace.toRealPath().resolve("real/dir/file.txt"));
        assertThat(resolved.shown()).isEqualTo("alias/file.txt");
    }

    @Test
    void workspaceReachedThroughSymlinkStillConfines() throws IOException {
        Path linkToWorkspace = Files.createSymbolicLink(temp.resolve("ws-link"), workspace);
        WorkspacePaths viaLink = WorkspacePaths.of(linkToWorkspace);
        assertThat(viaLink.resolve(linkToWorkspace.resolve("a.txt").toString()).shown()).isEqualTo("a.txt");
        assertThatThrownBy(() -> viaLink.resolve("../outside/x"))
                .isInstanceOf(ToolFailureException.class);
    }

    @Test
    void missingWorkspaceIsAClearFailure() {
        assertThatThrownBy(() -> WorkspacePaths.of(temp.resolve("nope")))
                .isInstanceOf(ToolFailureException.class)
                .hasMessageContaining("workspace directory is missing");
    }

    @Test
    void emptyPathIsRefusedWithHint() {
        assertThatThrownBy(() -> paths.resolve(" "))
                .isInstanceOf(ToolFailureException.class)
                .satisfies(e -> assertThat(((ToolFailureException) e).hint()).contains("'.'"));
    }
}
