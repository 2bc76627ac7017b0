package dev.tether.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Workspaces}: the operator's workspace, and one of their own for every other user. */
class WorkspacesTest {
    @TempDir
    Path dir;
    Workspace operator;
    Workspaces workspaces;

    @BeforeEach
    void create() throws Exception {
        operator = new Workspace(dir.resolve("workspace"));
        operator.initialise();
        Files.writeString(operator.root().resolve("AGENTS.md"), "Answer briefly.");
        Files.writeString(operator.root().resolve("USER.md"), "The operator is Grace.");
        operator.appendMemory("- Grace's bank PIN hint: a bird.");
        workspaces = Workspaces.perUser(operator, dir.resolve("users"));
    }

    @Test
    void theOperatorsIdentitiesShareTheConfiguredWorkspace() {
        for (String user : Workspaces.OPERATOR_USERS) {
            assertThat(workspaces.of(user)).isSameAs(operator);
        }
    }

    @Test
    void anotherUserHasTheirOwnMemoryUserFileAndFilesButTheSharedInstructions() throws Exception {
        Workspace ada = workspaces.of("ada");

        assertThat(ada.root()).isEqualTo(dir.resolve("users/ada").toAbsolutePath().normalize());
        assertThat(ada.root().resolve("USER.md")).exists();
        assertThat(ada.root().resolve("MEMORY.md")).exists();
        assertThat(ada.root().resolve("AGENTS.md")).doesNotExist(); // taken from the operator's while it has none
        assertThat(ada.persona()).contains("Answer briefly.").doesNotContain("Grace");
        assertThat(ada.memory(10_000)).doesNotContain("PIN");
        ada.appendMemory("- Ada likes tea.");
        assertThat(operator.memory(10_000)).doesNotContain("Ada");
        assertThat(workspaces.of("ada")).isSameAs(ada);
        assertThat(workspaces.of("bob").memory(10_000)).doesNotContain("Ada");

        Files.writeString(ada.root().resolve("AGENTS.md"), "Answer at length.");
        assertThat(ada.persona()).contains("Answer at length.").doesNotContain("Answer briefly.");
    }

    @Test
    void aNameThatIsNotAUserNameGetsNoWorkspace() {
        for (String bad : new String[] {"..", "../workspace", "a/b", "", "Ada"}) {
            assertThatThrownBy(() -> workspaces.of(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("No workspace for user '" + bad + "'");
        }
        assertThat(dir.resolve("users")).doesNotExist();
    }

    @Test
    void aSharedSetUpGivesEveryoneTheSameWorkspace() {
        Workspaces shared = Workspaces.shared(operator);

        assertThat(shared.of("ada")).isSameAs(operator);
        assertThat(shared.of("owner")).isSameAs(operator);
    }
}
