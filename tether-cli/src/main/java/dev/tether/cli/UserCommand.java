package dev.tether.cli;

import dev.tether.config.TetherConfig;
import dev.tether.store.AccessStore;
import dev.tether.store.TokenInfo;
import dev.tether.store.User;
import dev.tether.workspace.Workspace;
import dev.tether.workspace.Workspaces;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tether user}: the people who may sign in. Users are created by {@code tether token create --user};
 * {@code tether user list} shows them with how many tokens each has and where their workspace is.
 */
@Command(mixinStandardHelpOptions = true, name = "user", description = "List the users who may sign in (tokens create them).",
        subcommands = UserCommand.ListUsers.class)
final class UserCommand implements Runnable {
    @ParentCommand
    TetherCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: use 'tether user list'.");
    }

    /** {@code tether user list}. */
    @Command(mixinStandardHelpOptions = true, name = "list", description = "List users with their number of active and revoked tokens and their workspace.")
    static final class ListUsers implements Runnable {
        @ParentCommand
        UserCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            TetherConfig config = parent.root.loadConfig();
            Workspaces workspaces = Workspaces.perUser(new Workspace(config.workspace()), config.userWorkspaces());
            try (AccessStore store = AccessStores.open(config)) {
                List<User> users = store.users();
                if (users.isEmpty()) {
                    out.println("No users yet. 'tether token create --user NAME' creates one with its first token.");
                    out.flush();
                    return;
                }
                Table table = new Table("NAME", "CREATED", "TOKENS", "WORKSPACE");
                for (User user : users) {
                    List<TokenInfo> tokens = store.tokens(user.name());
                    long revoked = tokens.stream().filter(TokenInfo::revoked).count();
                    table.row(user.name(), AccessStores.time(user.createdAt()),
                            (tokens.size() - revoked) + " active, " + revoked + " revoked",
                            workspaces.rootOf(user.name()).toString());
                }
                table.print(out);
            }
        }
    }
}
