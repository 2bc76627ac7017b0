package dev.tether.cli;

import dev.tether.store.AccessStore;
import dev.tether.store.TokenInfo;
import dev.tether.store.User;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code tether token list [--user NAME]}: every token (never a secret), grouped by user, oldest first. */
@Command(mixinStandardHelpOptions = true, name = "list", description = "List access tokens: id, user, label, created, last used, revoked.")
final class TokenListCommand implements Runnable {
    @ParentCommand
    TokenCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-u", "--user"}, paramLabel = "NAME", description = "Only this user's tokens.")
    String user;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        List<TokenInfo> tokens = new ArrayList<>();
        try (AccessStore store = AccessStores.open(parent.root.loadConfig())) {
            List<String> names = user != null ? List.of(user) : store.users().stream().map(User::name).toList();
            for (String name : names) {
                tokens.addAll(store.tokens(name));
            }
        }
        if (tokens.isEmpty()) {
            out.println((user != null ? "User '" + user + "' has no tokens." : "No tokens yet.")
                    + " Create one with: tether token create --user " + (user != null ? user : "NAME"));
            out.flush();
            return;
        }
        Table table = new Table("ID", "USER", "LABEL", "CREATED", "LAST USED", "REVOKED");
        for (TokenInfo t : tokens) {
            table.row(t.id(), t.userName(), t.label().isEmpty() ? "-" : t.label(), AccessStores.time(t.createdAt()),
                    AccessStores.time(t.lastUsedAt(), "never"), AccessStores.time(t.revokedAt(), "no"));
        }
        table.print(out);
    }
}
