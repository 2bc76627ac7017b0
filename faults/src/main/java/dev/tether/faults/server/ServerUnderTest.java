package dev.tether.faults.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.faults.check.StoredMsg;
import dev.tether.testkit.server.ServeCommandLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server, {@code java -jar tether.jar serve}, as a child process with a home of its own, always on the
 * same port so clients find it again after a restart. Started, killed with SIGKILL and restarted any number of
 * times; stopped with SIGTERM at the end. Only the process it started is ever signalled, by its PID. Each start
 * logs to its own file in {@link Launch#logDir()}.
 */
public final class ServerUnderTest implements AutoCloseable {
    private static final Pattern CONNECTIONS = Pattern.compile("\"connections\"\\s*:\\s*(\\d+)");

    /**
     * @param sets {@code key=value} config overrides, each passed as {@code --set}
     * @param jvmOptions options for the server's JVM, after those of {@code bin/serve.jvm-options} (they win)
     */
    public record Launch(Path java, Path jar, Path home, String modelBaseUrl, String model, List<String> sets,
                         List<String> jvmOptions, Path logDir) {
        public Launch {
            sets = List.copyOf(sets);
            jvmOptions = List.copyOf(jvmOptions);
        }
    }

    private final Launch launch;
    private final int port;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    private ServerUnderTest(Launch launch, int port) {
        this.launch = launch;
        this.port = port;
    }

    /**
     * Starts the server ({@link ServeCommandLine}: the options of {@code bin/serve.jvm-options}, then
     * {@code jvmOptions}) and waits until {@code /health/ready} answers 200.
     *
     * @throws IllegalStateException if the jar or the options file is missing, or the server is not ready in time
     */
    public static ServerUnderTest start(Launch launch, Duration timeout) {
        ServerUnderTest s = new ServerUnderTest(launch, freePort());
        s.startProcess(timeout);
        return s;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", e);
        }
    }

    private void startProcess(Duration timeout) {
        ProcessBuilder pb = ServeCommandLine.of(launch.java(), launch.jar()).jvmOptions(launch.jvmOptions())
                .home(launch.home()).port(port).model(launch.modelBaseUrl(), launch.model()).sets(launch.sets())
                .processBuilder();
        try {
            Files.createDirectories(launch.home());
            Files.createDirectories(launch.logDir());
            Path log = launch.logDir().resolve("server-" + (++starts) + ".log");
            process = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the server from " + launch.jar(), e);
        }
        awaitReady(timeout);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server exited with " + process.exitValue()
                        + " before it was ready; see " + currentLog());
            }
            if (readyConnections() >= 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The server did not answer /health/ready with 200 within " + timeout
                        + "; see " + currentLog());
            }
            pause(20);
        }
    }

    /** Open WebSocket connections per {@code /health/ready}, or -1 if it does not answer 200. */
    public int readyConnections() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(origin() + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = CONNECTIONS.matcher(r.body());
            return r.statusCode() == 200 && m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Creates a conversation over REST; returns its id. */
    public String createConversation(String title) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(origin() + "/api/conversations"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + title + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
            if (r.statusCode() != 201 || !m.find()) {
                throw new IllegalStateException("POST /api/conversations answered " + r.statusCode() + ": " + r.body());
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException("POST /api/conversations failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Every stored message of {@code conversation}, oldest first, read over REST while the server runs (the
     * message shape of docs/protocol.md); empty if the server does not answer.
     */
    public List<StoredMsg> messages(String conversation) {
        List<StoredMsg> oldestFirst = new ArrayList<>();
        String cursor = null;
        try {
            do {
                String url = origin() + "/api/conversations/" + conversation + "/messages?limit=200"
                        + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor,
                        java.nio.charset.StandardCharsets.UTF_8));
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    return List.of();
                }
                JsonNode page = JSON.readTree(r.body());
                List<StoredMsg> items = new ArrayList<>();
                for (JsonNode m : page.path("items")) {
                    items.add(new StoredMsg(m.path("id").asLong(), conversation, m.path("role").asText(),
                            m.path("status").asText(), m.path("text").asText(), m.path("clientMessageId").asText(""),
                            m.path("replyTo").asLong(0)));
                }
                oldestFirst.addAll(0, items);
                cursor = page.hasNonNull("next") ? page.path("next").asText() : null;
            } while (cursor != null);
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        return oldestFirst;
    }

    /** SIGKILL, as {@code kill -9 <pid>}: no shutdown hook runs. Waits until the process is gone. */
    public void killHard() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** Starts the server again on the same home and port after {@link #killHard}. */
    public void restart(Duration timeout) {
        if (process.isAlive()) {
            throw new IllegalStateException("restart() while the server (pid " + process.pid() + ") still runs");
        }
        startProcess(timeout);
    }

    /**
     * SIGTERM, then waits up to {@code grace}; SIGKILL if still running. Returns the exit code (143 when the JVM
     * ends on the signal, 0 when the server drains and exits by itself, 137 after the SIGKILL).
     */
    public int stop(Duration grace) {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy();
        if (!waitFor(grace)) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
        return process.exitValue();
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Writes a dump of every thread of the server, virtual ones included ({@code jcmd Thread.dump_to_file},
     * JSON), to {@code file}: what a stall looked like, for whoever reads the report. Returns whether it worked.
     */
    public boolean dumpThreads(Path file) {
        Path jcmd = launch.java().resolveSibling("jcmd");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "Thread.dump_to_file",
                    "-format=json", file.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.exists(file);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    public String origin() {
        return "http://127.0.0.1:" + port;
    }

    /** The SQLite file the server writes (the default {@code store.path} under its home). */
    public Path database() {
        return launch.home().resolve("data/tether.db");
    }

    public int starts() {
        return starts;
    }

    public Path currentLog() {
        return launch.logDir().resolve("server-" + starts + ".log");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop(Duration.ofSeconds(20));
        }
    }
}
