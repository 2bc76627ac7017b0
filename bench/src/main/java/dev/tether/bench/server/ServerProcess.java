package dev.tether.bench.server;

import dev.tether.testkit.server.ServeCommandLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server ({@code tether.jar serve}) as a child process: started with a fresh home, waited for until
 * it prints its address and {@code /health/ready} answers 200, measured through {@code /proc} and
 * {@code jcmd}, and stopped by its own PID (SIGTERM, then SIGKILL after a grace period). Its stdout and
 * stderr go to {@code log}.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Tether is listening on http://([^:/]+):(\\d+)/");

    private final Process process;
    private final long startNanos;
    private final Path log;
    private final Path javaHome;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final int chosenPort;
    private volatile long listeningNanos;
    private long readyNanos;
    private volatile boolean closing;

    /**
     * How to start the server. {@code sets} are {@code key=value} config overrides. {@code port} 0 picks a free
     * port before starting (so readiness can be polled from the first millisecond).
     */
    public record Launch(Path javaHome, Path jar, List<String> jvmOptions, Path home, String modelBaseUrl,
                         String model, List<String> sets, Path log, int port) {
        public Launch {
            jvmOptions = List.copyOf(jvmOptions);
            sets = List.copyOf(sets);
        }

        public Launch withLog(Path other) {
            return new Launch(javaHome, jar, jvmOptions, home, modelBaseUrl, model, sets, other, port);
        }
    }

    private ServerProcess(Process process, long startNanos, Path log, Path javaHome, int chosenPort) {
        this.process = process;
        this.startNanos = startNanos;
        this.log = log;
        this.javaHome = javaHome;
        this.chosenPort = chosenPort;
    }

    /** The command line {@code launch} runs (with {@code bin/serve.jvm-options}, as {@code ./tether serve}). */
    public static ServeCommandLine command(Launch launch, int port) {
        return ServeCommandLine.of(launch.javaHome().resolve("bin/java"), launch.jar())
                .jvmOptions(launch.jvmOptions()).home(launch.home()).port(port)
                .model(launch.modelBaseUrl(), launch.model()).sets(launch.sets());
    }

    /** Starts the process; returns at once. Use {@link #awaitReady}. */
    public static ServerProcess start(Launch launch) {
        try {
            Files.createDirectories(launch.home());
            Files.createDirectories(launch.log().getParent());
            int port = launch.port() != 0 ? launch.port() : freePort();
            ProcessBuilder pb = command(launch, port).processBuilder();
            pb.redirectErrorStream(true);
            long start = System.nanoTime();
            Process p = pb.start();
            ServerProcess sp = new ServerProcess(p, start, launch.log(), launch.javaHome(), port);
            Thread.ofPlatform().name("server-output").daemon().start(sp::pumpOutput);
            return sp;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the server from " + launch.jar(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void pumpOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!port.isDone()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        listeningNanos = System.nanoTime();
                        port.complete(Integer.parseInt(m.group(2)));
                    }
                }
                w.write(line);
                w.newLine();
                w.flush();
            }
        } catch (IOException e) {
            if (!closing) {
                System.err.println("reading the server's output failed: " + e);
            }
        } finally {
            port.completeExceptionally(new IllegalStateException("The server exited before printing its address; "
                    + "see " + log));
        }
    }

    /**
     * Waits until {@code /health/ready} answers 200 (polled every 2 ms from the start, on a plain socket) and
     * the server printed its address; returns the port.
     *
     * @throws IllegalStateException if that takes longer than {@code timeout} or the process exits
     */
    public int awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] request = ("GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1:" + chosenPort
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (readyNanos == 0) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                close();
                throw new IllegalStateException("The server did not answer /health/ready with 200 within " + timeout
                        + (process.isAlive() ? "" : " (it exited)") + "; see " + log);
            }
            if (readyOnce(request)) {
                readyNanos = System.nanoTime();
            } else {
                sleep(2);
            }
        }
        try {
            int printed = port.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (printed != chosenPort) {
                throw new IllegalStateException("The server printed port " + printed + " but was started on "
                        + chosenPort);
            }
            return printed;
        } catch (Exception e) {
            close();
            throw new IllegalStateException("The server did not print 'Tether is listening' within " + timeout
                    + " (" + e.getMessage() + "); see " + log, e);
        }
    }

    private boolean readyOnce(byte[] request) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), chosenPort), 1000);
            s.setSoTimeout(2000);
            s.getOutputStream().write(request);
            byte[] head = s.getInputStream().readNBytes(12);
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    /** The port the server printed; only after {@link #awaitReady} succeeded. */
    public int port() {
        return port.join();
    }

    /** From process start to the "listening" line. */
    public Duration timeToListening() {
        return Duration.ofNanos(listeningNanos - startNanos);
    }

    /** From process start to the first 200 from {@code /health/ready}. */
    public Duration timeToReady() {
        return Duration.ofNanos(readyNanos - startNanos);
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Resident set size in bytes, from {@code /proc/PID/status}. */
    public long rssBytes() {
        return ProcStats.statusKb(pid(), "VmRSS") * 1024;
    }

    /** Threads of the process, from {@code /proc/PID/status}. */
    public long threads() {
        return ProcStats.statusKb(pid(), "Threads");
    }

    /** User + system CPU time used so far, in nanoseconds. */
    public long cpuNanos() {
        return ProcStats.cpuNanos(pid());
    }

    /** Open file descriptors. */
    public long openFiles() {
        return ProcStats.openFiles(pid());
    }

    public Jcmd jcmd() {
        return new Jcmd(javaHome, pid());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM (graceful: the server tells clients to reconnect), then SIGKILL after 15 s. Only this PID. */
    @Override
    public void close() {
        closing = true;
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
