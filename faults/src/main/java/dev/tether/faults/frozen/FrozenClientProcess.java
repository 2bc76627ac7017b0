package dev.tether.faults.frozen;

import dev.tether.faults.history.History;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link FrozenClientMain} with {@code java -cp} and freezes and thaws it with {@code kill -STOP} and
 * {@code kill -CONT} on its PID. The classpath is this module's classes and Jackson's jars, found from the
 * classes themselves, so it works from Maven, an IDE, or {@code faults/run}.
 */
public final class FrozenClientProcess implements AutoCloseable {
    private final Process process;
    private final Path historyFile;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private FrozenClientProcess(Process process, Path historyFile) {
        this.process = process;
        this.historyFile = historyFile;
        Thread.ofVirtual().name("frozen-stdout").start(this::readOutput);
    }

    public static FrozenClientProcess start(Path java, int port, String conversation, Path historyFile,
                                            int receiveBuffer, Duration silence, Path log) {
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", classpath(), FrozenClientMain.class.getName(), Integer.toString(port),
                conversation, historyFile.toString(), Integer.toString(receiveBuffer),
                Long.toString(silence.toMillis())));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            return new FrozenClientProcess(p, historyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the frozen client: " + cmd, e);
        }
    }

    private static String classpath() {
        List<String> parts = new ArrayList<>();
        // the client's own classes, the WebSocket framing it shares with the bench (tether-testkit), and Jackson
        for (Class<?> c : List.of(FrozenClientMain.class, dev.tether.testkit.ws.WsFrames.class,
                com.fasterxml.jackson.databind.ObjectMapper.class,
                com.fasterxml.jackson.core.JsonParser.class, com.fasterxml.jackson.annotation.JsonProperty.class)) {
            try {
                String path = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                if (!parts.contains(path)) {
                    parts.add(path);
                }
            } catch (URISyntaxException e) {
                throw new IllegalStateException("Cannot locate the classes of " + c.getName(), e);
            }
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("EOF " + e.getMessage());
        }
    }

    /** Waits for the next {@code LIVE n} line; returns n. */
    public int awaitLive(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IllegalStateException("The frozen client (pid " + process.pid() + ") did not report "
                            + "LIVE within " + timeout + (process.isAlive() ? "" : "; it exited with "
                            + process.exitValue()));
                }
                if (line.startsWith("LIVE ")) {
                    return Integer.parseInt(line.substring(5).strip());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public void freeze() {
        signal("STOP");
    }

    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Asks it to quit, waits, and returns what it recorded. */
    public History finish(Duration timeout) {
        close(timeout);
        return History.read("frozen", historyFile);
    }

    private void close(Duration timeout) {
        if (!process.isAlive()) {
            return;
        }
        thaw(); // a stopped process cannot read 'quit'
        try (Writer w = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
            w.write("quit\n");
        } catch (IOException e) {
            System.err.println("frozen client: cannot write 'quit' (" + e.getMessage() + "); killing it");
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
