package dev.tether.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.bench.server.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JFR recording of the server during a measured window ({@code --profile} only, since it costs the server
 * a little): started and stopped with {@code jcmd}, summarised with {@code jfr view} into a text file next to
 * the recording (hot methods, lock contention, CPU by thread, pinned virtual threads, GC pauses).
 */
final class Profiler {
    private static final List<String> VIEWS = List.of("hot-methods", "contention-by-site", "thread-cpu-load",
            "pinned-threads", "gc-pauses", "allocation-by-site");

    private final ServerProcess server;
    private final Path jfrTool;
    private final Path recording;
    private final boolean enabled;
    private final ThreadDumps dumps = new ThreadDumps();
    private Thread dumper;
    private Process perf;

    private Profiler(ServerProcess server, Path javaHome, Path recording, boolean enabled) {
        this.server = server;
        this.jfrTool = javaHome.resolve("bin/jfr");
        this.recording = recording;
        this.enabled = enabled;
    }

    /** Starts recording; also takes three thread dumps spread over the expected {@code window}. */
    static Profiler start(ServerProcess server, Path javaHome, Path recording, boolean enabled,
                          java.time.Duration window) {
        Profiler p = new Profiler(server, javaHome, recording.toAbsolutePath(), enabled);
        if (enabled) {
            server.jcmd().run("JFR.start", "name=bench", "settings=profile", "filename=" + p.recording);
            p.perf = startPerf(server, p.recording.resolveSibling(
                    p.recording.getFileName().toString().replace(".jfr", ".perf.data")), window);
            p.dumper = Thread.ofPlatform().name("thread-dumps").daemon().start(() -> {
                try {
                    for (int i = 1; i <= 3; i++) {
                        Thread.sleep(window.toMillis() / 4);
                        p.dumps.take(server, p.recording.resolveSibling("threads-" + i + ".json"));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        return p;
    }

    /** Stops and summarises; returns the summary file, or empty text when profiling is off. */
    String stop() {
        if (!enabled) {
            return "";
        }
        try {
            dumper.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.jcmd().run("JFR.stop", "name=bench");
        Path summary = recording.resolveSibling(recording.getFileName().toString().replace(".jfr", "") + "-summary.txt");
        StringBuilder out = new StringBuilder();
        for (String view : VIEWS) {
            out.append("==== ").append(view).append(" ====\n").append(view(view)).append('\n');
        }
        out.append(perfReport());
        out.append("==== threads-by-site (virtual threads included) ====\n").append(dumps.summary()).append('\n');
        out.append("==== parks-by-site (jdk.ThreadPark over 20 ms: blocked on a lock, a queue or a future) ====\n")
                .append(parksBySite()).append('\n');
        try {
            Files.writeString(summary, out);
        } catch (IOException e) {
            return "could not write " + summary + ": " + e;
        }
        return summary.toString();
    }

    /** {@code perf record} of the server's CPU (kernel and JIT code alike), if perf is installed. */
    private static Process startPerf(ServerProcess server, Path data, java.time.Duration window) {
        if (!Files.isExecutable(Path.of("/usr/bin/perf"))) {
            return null;
        }
        try {
            return new ProcessBuilder("/usr/bin/perf", "record", "-q", "-e", "cpu-clock", "-F", "499", "-p",
                    Long.toString(server.pid()), "-o", data.toString(), "--", "sleep",
                    Long.toString(Math.max(1, window.toSeconds())))
                    .redirectErrorStream(true).redirectOutput(data.resolveSibling("perf-record.log").toFile()).start();
        } catch (IOException e) {
            System.err.println("  perf record could not start: " + e);
            return null;
        }
    }

    /**
     * Where the server's CPU went by shared object and by symbol, JIT-compiled Java methods named through
     * {@code jcmd Compiler.perfmap}.
     */
    private String perfReport() {
        if (perf == null) {
            return "==== perf ====\n(perf not installed)\n\n";
        }
        try {
            perf.waitFor(120, TimeUnit.SECONDS);
            server.jcmd().run("Compiler.perfmap");
            Path data = recording.resolveSibling(recording.getFileName().toString().replace(".jfr", ".perf.data"));
            return "==== perf: CPU by thread ====\n"
                    + run(List.of("/usr/bin/perf", "report", "-i", data.toString(), "--stdio", "--no-children",
                            "--sort", "comm"), 25)
                    + "\n==== perf: CPU by shared object ====\n"
                    + run(List.of("/usr/bin/perf", "report", "-i", data.toString(), "--stdio", "--no-children",
                            "--sort", "dso"), 30)
                    + "\n==== perf: CPU by symbol (top 60) ====\n"
                    + run(List.of("/usr/bin/perf", "report", "-i", data.toString(), "--stdio", "--no-children",
                            "--sort", "sym"), 70)
                    + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException e) {
            return "perf report failed: " + e + "\n";
        }
    }

    private static String run(List<String> cmd, int lines) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(120, TimeUnit.SECONDS);
            return text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).limit(lines)
                    .reduce("", (a, b) -> a + b + "\n");
        } catch (IOException e) {
            return String.join(" ", cmd) + " failed: " + e + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted\n";
        }
    }

    /**
     * Sums {@code jdk.ThreadPark} events (lock and condition waits over the profile's 20 ms threshold) by the
     * first three frames outside java.util.concurrent, which is where a thread waited and why.
     */
    private String parksBySite() {
        try {
            Process p = new ProcessBuilder(jfrTool.toString(), "print", "--json", "--stack-depth", "24", "--events",
                    "jdk.ThreadPark", recording.toString()).redirectErrorStream(true).start();
            JsonNode root = new ObjectMapper().readTree(p.getInputStream());
            p.waitFor(120, TimeUnit.SECONDS);
            Map<String, long[]> sites = new HashMap<>();
            for (JsonNode e : root.path("recording").path("events")) {
                String site = site(e.path("values").path("stackTrace").path("frames"));
                long nanos = durationNanos(e.path("values").path("duration").asText());
                long[] agg = sites.computeIfAbsent(site, k -> new long[2]);
                agg[0]++;
                agg[1] += nanos;
            }
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%10s %8s  %s%n", "total ms", "parks", "site"));
            sites.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(15)
                    .forEach(e -> out.append(String.format(Locale.ROOT, "%10.0f %8d  %s%n", e.getValue()[1] / 1e6,
                            e.getValue()[0], e.getKey())));
            return out.toString();
        } catch (IOException e) {
            return "jfr print failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String site(JsonNode frames) {
        StringBuilder s = new StringBuilder();
        int taken = 0;
        for (JsonNode f : frames) {
            String type = f.path("method").path("type").path("name").asText().replace('/', '.');
            if (type.startsWith("java.util.concurrent") || type.startsWith("java.lang.VirtualThread")
                    || type.startsWith("jdk.internal")) {
                continue;
            }
            if (taken++ > 0) {
                s.append(" < ");
            }
            s.append(type.substring(type.lastIndexOf('.') + 1)).append('.').append(f.path("method").path("name").asText())
                    .append(':').append(f.path("lineNumber").asInt());
            if (taken == 3) {
                break;
            }
        }
        return s.isEmpty() ? "(jdk only)" : s.toString();
    }

    /** JFR's JSON durations look like "PT0.023S" or "0.023 s"; ISO-8601 is what --json writes. */
    private static long durationNanos(String text) {
        try {
            return java.time.Duration.parse(text).toNanos();
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
        }
    }

    private String view(String name) {
        try {
            Process p = new ProcessBuilder(jfrTool.toString(), "view", "--width", "220", name, recording.toString())
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(120, TimeUnit.SECONDS);
            return text;
        } catch (IOException e) {
            return "jfr view " + name + " failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
