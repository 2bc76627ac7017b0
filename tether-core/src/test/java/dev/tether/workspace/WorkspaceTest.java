package dev.tether.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {
    @TempDir
    Path dir;
    private Workspace workspace;

    @BeforeEach
    void create() throws Exception {
        workspace = new Workspace(dir);
        for (String name : Workspace.PERSONA_FILES) {
            Files.writeString(dir.resolve(name), "");
        }
        Files.writeString(dir.resolve("SOUL.md"), "calm");
        Files.writeString(dir.resolve(Workspace.MEMORY_FILE), "first fact");
    }

    @Test
    void theSystemPromptFilesAreReadOnceAndAgainOnlyWhenTheyChange() throws Exception {
        assertThat(workspace.persona()).isEqualTo("## SOUL.md\n\ncalm");
        Path soul = dir.resolve("SOUL.md");
        FileTime stamp = Files.getLastModifiedTime(soul);

        // same size, a different modification time: an editor's save
        Files.writeString(soul, "bold");
        Files.setLastModifiedTime(soul, FileTime.from(stamp.toInstant().plusSeconds(1)));
        assertThat(workspace.persona()).isEqualTo("## SOUL.md\n\nbold");

        // a different size, even with the old time put back
        Files.writeString(soul, "very bold");
        Files.setLastModifiedTime(soul, stamp);
        assertThat(workspace.persona()).isEqualTo("## SOUL.md\n\nvery bold");

        // replaced by another file (a new inode), as editors that write a copy and rename it do
        Path copy = Files.writeString(dir.resolve("SOUL.md.new"), "shy");
        Files.move(copy, soul, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(workspace.persona()).isEqualTo("## SOUL.md\n\nshy");

        Files.delete(soul);
        assertThat(workspace.persona()).isEmpty();
        Files.writeString(soul, "back");
        assertThat(workspace.persona()).isEqualTo("## SOUL.md\n\nback");
    }

    @Test
    void anUnchangedFileIsNotReadAgain() throws Exception {
        Path soul = dir.resolve("SOUL.md");
        assertThat(workspace.persona()).contains("calm");
        // change the bytes but keep inode, size and modification time: only a cached copy still says "calm"
        FileTime stamp = Files.getLastModifiedTime(soul);
        Files.writeString(soul, "mild");
        Files.setLastModifiedTime(soul, stamp);
        assertThat(workspace.persona()).contains("calm");
        Files.setLastModifiedTime(soul, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(workspace.persona()).contains("mild");
    }

    @Test
    void memoryAppendsAreSeenByTheNextRead() {
        assertThat(workspace.memory(1_000)).isEqualTo("first fact");
        workspace.appendMemory("second fact");
        assertThat(workspace.memory(1_000)).isEqualTo("first fact\n\nsecond fact");
        assertThat(workspace.memory(11)).isEqualTo("[older memory omitted]\nsecond fact");
    }
}
