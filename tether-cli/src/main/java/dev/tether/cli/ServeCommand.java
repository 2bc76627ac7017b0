package dev.tether.cli;

import dev.tether.app.TetherApp;
import dev.tether.config.ServerConfig;
import dev.tether.config.TetherConfig;
import dev.tether.gateway.Authenticator;
import dev.tether.live.TurnRunner;
import dev.tether.server.TetherServer;
import dev.tether.store.AccessStore;
import dev.tether.store.IssuedToken;
import dev.tether.store.Lane;
import dev.tether.store.NewJob;
import dev.tether.store.User;
import dev.tether.workspace.Workspaces;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import sun.misc.Signal;

/**
 * Runs the server until SIGTERM or Ctrl-C, then drains and exits 0: new messages are refused, running replies
 * get {@code queue.drain-deadline} (or {@code --grace}) to finish, replies still running are checkpointed for
 * the next start, clients are told to reconnect, and the store is closed.
 */
@Command(name = "serve", description = "Start the server: web chat, WebSocket gateway, REST and OpenAI-compatible API.")
final class ServeCommand implements Callable<Integer> {
    static final String OWNER = "owner";
    static final String MEMORY_JOB = "memory.consolidate";

    @ParentCommand
    TetherCommand root;

    @Option(names = "--grace", description = "How long running replies may take to finish at shutdown "
            + "(default: queue.drain-deadline, 30s).", converter = DurationConverter.class)
    Duration grace;

    /**
     * The build's training start for the class archive (tether-cli's pom): start, answer one {@code /health/ready},
     * stop. Hidden: not for users.
     */
    @Option(names = "--exit-when-ready", hidden = true)
    boolean exitWhenReady;

    @Override
    public Integer call() throws InterruptedException {
        NativeHeap nativeHeap = NativeHeap.prepare();
        TetherConfig config = root.loadConfig();
        TetherApp app = TetherApp.start(config);
        TetherServer server;
        try {
            Map<String, TurnRunner.JobHandler> handlers = new HashMap<>();
            app.memory().ifPresent(m -> handlers.put(MEMORY_JOB, job ->
                    m.runQueued(job.conversationId().orElseThrow(), Long.parseLong(job.payload()))));
            server = TetherServer.start(new TetherServer.Parts(config.server(), config.queue(), app.store(), app.jobs(),
                    app.agent(), authenticator(config.server(), app), handlers));
            TetherServer started = server;
            app.memory().ifPresent(m -> m.useQueue((conversation, before) -> started.turns().background(
                    new NewJob("memory:" + conversation, Lane.BACKGROUND, MEMORY_JOB, Optional.of(conversation), 0,
                            Long.toString(before)))));
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        String url = "http://" + hostForUrl(config.server().host()) + ":" + server.port() + "/";
        System.err.println("Tether is listening on " + url + " (model " + app.model().info().id() + " at "
                + app.model().info().baseUrl() + ")");
        if (config.server().auth() == ServerConfig.Auth.TOKEN) {
            execWarning(config.tools().exec().enabled(), AccessStores.of(app.store()).users().stream()
                    .map(User::name).toList()).ifPresent(System.err::println);
        }
        firstRunToken(config.server(), app).ifPresent(t -> System.err.println("First start: created user '" + OWNER
                + "' and an access token. Open this address to sign in (the token is shown only once):\n  "
                + url + "#token=" + t.secret()));
        nativeHeap.trimInBackground(); // start-up's scratch memory back to the OS (~10 MiB of the resident size)
        Duration deadline = grace != null ? grace : config.queue().drainDeadline();
        if (exitWhenReady) {
            askReady(server.port()); // so the classes that answer it are archived too
            shutdown(server, app, deadline);
            return 0;
        }
        CountDownLatch stop = new CountDownLatch(1);
        // SIGTERM and Ctrl-C drain and exit 0 (a JVM shutdown hook would exit 143); other exits still close cleanly
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> stop.countDown());
        }
        Thread hook = new Thread(() -> shutdown(server, app, deadline), "tether-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
        Runtime.getRuntime().removeShutdownHook(hook);
        shutdown(server, app, deadline);
        return 0;
    }

    /** One {@code GET /health/ready} over a plain socket (the JDK's HTTP client would load ~400 classes more). */
    private static void askReady(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!head.startsWith("HTTP/1.1 200")) {
                System.err.println("The training start's /health/ready answered: " + head.lines().findFirst().orElse(""));
            }
        } catch (IOException e) {
            System.err.println("The training start could not ask /health/ready: " + e);
        }
    }

    private static void shutdown(TetherServer server, TetherApp app, Duration deadline) {
        System.err.println("Shutting down: no new messages; letting running replies finish (up to "
                + deadline.toSeconds() + " s)...");
        int cut = server.close(deadline);
        app.close();
        System.err.println(cut == 0 ? "Stopped; every reply had finished."
                : "Stopped; " + cut + " replies were cut off at the deadline and will run again at the next start.");
    }

    private static Authenticator authenticator(ServerConfig server, TetherApp app) {
        if (server.auth() == ServerConfig.Auth.NONE) {
            return Authenticator.none();
        }
        return Authenticator.tokens(AccessStores.of(app.store()));
    }

    /**
     * A warning when {@code exec} is on and users other than the operator ({@link Workspaces#OPERATOR_USERS}) may sign
     * in: a shell is not confined to its user's workspace, so any of them could read the others' files and memory.
     */
    static Optional<String> execWarning(boolean execEnabled, List<String> users) {
        List<String> others = users.stream().filter(u -> !Workspaces.OPERATOR_USERS.contains(u)).sorted()
                .toList();
        if (!execEnabled || others.isEmpty()) {
            return Optional.empty();
        }
        String names = others.size() <= 5 ? String.join(", ", others)
                : String.join(", ", others.subList(0, 5)) + " and " + (others.size() - 5) + " more";
        return Optional.of("Warning: tools.exec is on and other users may sign in (" + names + "). Its shell "
                + "can read any file this server's account can, other users' workspaces and memory included. Set "
                + "tools.exec.enabled to false unless you trust every user with that.");
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
