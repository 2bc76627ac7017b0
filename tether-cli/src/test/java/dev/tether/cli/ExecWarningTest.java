package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code tether serve} warns at start when exec is on and users other than the operator may sign in. */
class ExecWarningTest {
    @Test
    void execWithOtherUsersIsWarnedAboutNamingThem() {
        assertThat(ServeCommand.execWarning(true, List.of("owner", "bob", "ada"))).hasValue("Warning: tools.exec is on "
                + "and other users may sign in (ada, bob). Its shell can read any file this server's account can, other "
                + "users' workspaces and memory included. Set tools.exec.enabled to false unless you trust every user "
                + "with that.");
        assertThat(ServeCommand.execWarning(true, List.of("a", "b", "c", "d", "e", "f", "g")).orElseThrow())
                .contains("(a, b, c, d, e and 2 more)");
    }

    @Test
    void execOffOrOnlyTheOperatorIsNoWarning() {
        assertThat(ServeCommand.execWarning(false, List.of("ada", "bob"))).isEmpty();
        assertThat(ServeCommand.execWarning(true, List.of("owner"))).isEmpty();
        assertThat(ServeCommand.execWarning(true, List.of())).isEmpty();
    }
}
