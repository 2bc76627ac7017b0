package dev.tether.cli;

import dev.tether.store.AccessStore;
import dev.tether.store.TokenInfo;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code tether token revoke ID}: the token stops signing anyone in. Exit code 1 if there is no such token. */
@Command(mixinStandardHelpOptions = true, name = "revoke", description = "Revoke an access token so it can no longer sign in.")
final class TokenRevokeCommand implements Callable<Integer> {
    @ParentCommand
    TokenCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The token's id, as shown by 'tether token list'.")
    String id;

    @Override
    public Integer call() {
        try (AccessStore store = AccessStores.open(parent.root.loadConfig())) {
            Optional<TokenInfo> token = store.token(id);
            if (token.isEmpty()) {
                spec.commandLine().getErr().println("No token with id '" + id + "'. Run 'tether token list' to see"
                        + " the ids.");
                return 1;
            }
            TokenInfo t = token.get();
            String which = "token " + t.id() + " (user '" + t.userName() + "'"
                    + (t.label().isEmpty() ? "" : ", label '" + t.label() + "'") + ")";
            if (store.revoke(id)) {
                spec.commandLine().getOut().println("Revoked " + which + ". It can no longer sign in.");
            } else {
                spec.commandLine().getOut().println("The " + which + " was already revoked on "
                        + AccessStores.time(store.token(id).flatMap(TokenInfo::revokedAt).orElseThrow()) + ".");
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
