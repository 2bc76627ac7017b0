package dev.tether.cli;

import dev.tether.config.TetherConfig;
import dev.tether.store.AccessStore;
import dev.tether.store.AlreadyExistsException;
import dev.tether.store.IssuedToken;
import dev.tether.store.TokenInfo;
import dev.tether.store.User;
import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tether token create --user NAME [--label TEXT]}: creates the user if missing, then a token, and
 * prints its secret this one time with how to sign in with it.
 */
@Command(mixinStandardHelpOptions = true, name = "create", description = "Create an access token (and the user, if new); prints the secret once.")
final class TokenCreateCommand implements Runnable {
    private static final Set<String> ANY_ADDRESS = Set.of("", "0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0");

    @ParentCommand
    TokenCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-u", "--user"}, required = true, paramLabel = "NAME",
            description = "Who the token signs in: 1-64 of a-z, 0-9, '_', '.', '-' (created if missing).")
    String user;

    @Option(names = {"-l", "--label"}, paramLabel = "TEXT", defaultValue = "",
            description = "What the token is for, e.g. the device: \"laptop\".")
    String label;

    @Override
    public void run() {
        // Checked first, so a bad label does not leave a new user behind without a token.
        User.checkName(user);
        TokenInfo.checkLabel(label);
        TetherConfig config = parent.root.loadConfig();
        PrintWriter out = spec.commandLine().getOut();
        try (AccessStore store = AccessStores.open(config)) {
            if (createUserIfMissing(store)) {
                out.println("Created user '" + user + "'.");
            }
            IssuedToken token = store.createToken(user, label);
            String secret = token.secret();
            out.println("Created token " + token.id() + " for user '" + user + "'"
                    + (label.isEmpty() ? "" : " (label '" + label + "')") + ":");
            out.println();
            out.println("    " + secret);
            out.println();
            out.println("Copy it now: this secret will not be shown again (Tether keeps only a hash of it).");
            out.println("Sign in with it:");
            out.println("  web UI: paste it on the login screen, or open " + baseUrl(config.server().host(), config.server().port()) + "/#token="
                    + secret);
            out.println("  API:    send the header 'Authorization: Bearer " + secret + "'");
            out.println("Lost or leaked? Revoke it with: tether token revoke " + token.id());
            out.flush();
        }
    }

    /** Returns true if this call created the user. */
    private boolean createUserIfMissing(AccessStore store) {
        if (store.user(user).isPresent()) {
            return false;
        }
        try {
            store.createUser(user);
            return true;
        } catch (AlreadyExistsException e) {
            return false; // created by someone else in between: just as good
        }
    }

    /** Where the web UI is, from {@code server.host} and {@code server.port}; a wildcard host becomes a hint. */
    static String baseUrl(String configuredHost, int port) {
        String host = configuredHost.strip();
        if (ANY_ADDRESS.contains(host)) {
            host = "<this-server's-address>";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + (port == 0 ? "<port>" : String.valueOf(port));
    }
}
