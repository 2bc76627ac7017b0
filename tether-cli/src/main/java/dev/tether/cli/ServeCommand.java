package dev.tether.cli;

import dev.tether.app.TetherApp;
import dev.tether.config.ServerConfig;
import dev.tether.config.TetherConfig;
import dev.tether.gateway.Authenticator;
import dev.tether.server.TetherServer;
import dev.tether.store.AccessStore;
import dev.tether.store.IssuedToken;
import dev.tether.store.TokenOwner;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Runs the server until SIGTERM or Ctrl-C, then shuts down gracefully: clients are told to reconnect,
 * running replies get {@code --grace} to finish, and the store is closed.
 */
@Command(name = "serve", description = "Start the server: web chat, WebSocket gateway, REST and OpenAI-compatible API.")
final class ServeCommand implements Callable<Integer> {
    static final String OWNER = "owner";

    @ParentCommand
    TetherCommand root;

    @Option(names = "--grace", description = "How long running replies may take to finish at shutdown (default: 10s).",
            defaultValue = "10s", converter = DurationConverter.class)
    Duration grace;

    @Override
    public Integer call() throws InterruptedException {
        TetherConfig config = root.loadConfig();
        TetherApp app = TetherApp.start(config);
        TetherServer server;
        try {
            server = TetherServer.start(new TetherServer.Parts(config.server(), app.store(), app.agent(),
                    authenticator(config.server(), app)));
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        String url = "http://" + hostForUrl(config.server().host()) + ":" + server.port() + "/";
        System.err.println("Tether is listening on " + url + " (model " + app.model().info().id() + " at "
                + app.model().info().baseUrl() + ")");
        firstRunToken(config.server(), app).ifPresent(t -> System.err.println("First start: created user '" + OWNER
                + "' and an access token. Open this address to sign in (the token is shown only once):\n  "
                + url + "#token=" + t.secret()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("Shutting down: telling clients to reconnect, letting replies finish (up to "
                    + grace.toSeconds() + " s)...");
            server.close(grace);
            app.close();
            stopped.countDown();
        }, "tether-shutdown"));
        stopped.await();
        return 0;
    }

    private static Authenticator authenticator(ServerConfig server, TetherApp app) {
        if (server.auth() == ServerConfig.Auth.NONE) {
            return Authenticator.none();
        }
        AccessStore access = AccessStores.of(app.store());
        return token -> token.flatMap(access::authenticate).map(TokenOwner::userName);
    }

    /** With token auth and no user at all yet, creates the owner and a token, so a first start can sign in. */
    private static java.util.Optional<IssuedToken> firstRunToken(ServerConfig server, TetherApp app) {
        if (server.auth() != ServerConfig.Auth.TOKEN) {
            return java.util.Optional.empty();
        }
        AccessStore access = AccessStores.of(app.store());
        if (!access.users().isEmpty()) {
            return java.util.Optional.empty();
        }
        access.createUser(OWNER);
        return java.util.Optional.of(access.createToken(OWNER, "created at first start"));
    }

    private static String hostForUrl(String host) {
        if (host.equals("0.0.0.0") || host.equals("::")) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
