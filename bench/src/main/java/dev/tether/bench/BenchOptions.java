package dev.tether.bench;

import dev.tether.testkit.server.ServeCommandLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the load generator. Sizes default to the brief's figures; {@code --quick} scales
 * them down to a run of about two minutes. Every size can be overridden, e.g. {@code --streams=500}.
 */
public record BenchOptions(boolean quick, List<String> scenarios, Path jar, Path javaHome, Path resultsDir,
                           Path workDir, List<String> serverJvm, boolean profile, Duration quietWait, Sizes sizes,
                           String commandLine) {

    public static final List<String> ALL = List.of("startup", "latency", "throughput", "idle", "bytes");
    private static final Set<String> SIZE_KEYS = Set.of("startup-runs", "streams", "tokens-per-second",
            "warmup-seconds", "stream-seconds", "throughput-levels", "throughput-warmup-seconds",
            "throughput-seconds", "idle", "idle-cpu-seconds", "turns", "relay-work-us");

    /** The load sizes. */
    public record Sizes(int startupRuns, List<Integer> streams, int tokensPerSecond, int warmupSeconds, int streamSeconds,
                        List<Integer> throughputLevels, int throughputWarmupSeconds, int throughputSeconds,
                        int idleConnections, int idleCpuSeconds, int turns, List<Integer> relayWorkMicros) {
        public Sizes {
            streams = List.copyOf(streams);
            throughputLevels = List.copyOf(throughputLevels);
            relayWorkMicros = List.copyOf(relayWorkMicros);
        }

        static Sizes full() {
            return new Sizes(3, List.of(100, 300, 500, 1000), 50, 5, 20, List.of(16, 64, 256), 5, 15, 10_000, 25, 1000,
                    List.of(0));
        }

        static Sizes quick() {
            return new Sizes(1, List.of(200), 50, 2, 5, List.of(64), 2, 5, 2000, 0, 120, List.of(0));
        }

        Sizes with(Map<String, String> o) {
            return new Sizes(num(o, "startup-runs", startupRuns), list(o, "streams", streams),
                    num(o, "tokens-per-second", tokensPerSecond), num(o, "warmup-seconds", warmupSeconds),
                    num(o, "stream-seconds", streamSeconds),
                    list(o, "throughput-levels", throughputLevels),
                    num(o, "throughput-warmup-seconds", throughputWarmupSeconds),
                    num(o, "throughput-seconds", throughputSeconds), num(o, "idle", idleConnections),
                    num(o, "idle-cpu-seconds", idleCpuSeconds), num(o, "turns", turns),
                    list(o, "relay-work-us", relayWorkMicros));
        }

        private static List<Integer> list(Map<String, String> o, String key, List<Integer> dflt) {
            return o.containsKey(key)
                    ? Arrays.stream(o.get(key).split(",")).map(String::trim).map(Integer::valueOf).toList() : dflt;
        }

        private static int num(Map<String, String> o, String key, int dflt) {
            return o.containsKey(key) ? Integer.parseInt(o.get(key).trim()) : dflt;
        }
    }

    /**
     * The server's JVM options as the report shows them: those of {@code bin/serve.jvm-options} (which every
     * server launch passes first), then {@code --server-jvm}'s.
     */
    public String serverJvmDescription() {
        Path file = ServeCommandLine.of(javaHome.resolve("bin/java"), jar).jvmOptionsFile();
        String fromFile;
        try {
            fromFile = String.join(" ", Files.readAllLines(file).stream().map(String::strip)
                    .filter(line -> !line.isEmpty()).toList());
        } catch (IOException e) {
            fromFile = "unreadable: " + e.getMessage();
        }
        return ServeCommandLine.JVM_OPTIONS_FILE + " (" + fromFile + ")"
                + (serverJvm.isEmpty() ? "" : ", then " + String.join(" ", serverJvm));
    }

    public static BenchOptions parse(String[] args, String commandLine) {
        boolean quick = false;
        boolean profile = false;
        List<String> scenarios = ALL;
        Path jar = Path.of("tether-cli/target/tether.jar");
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path results = Path.of("bench/results");
        Path work = Path.of("bench/target/runs");
        List<String> jvm = List.of();
        Duration quietWait = Duration.ofSeconds(120);
        Map<String, String> sizes = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "'.\n" + usage());
            }
            String[] kv = arg.substring(2).split("=", 2);
            String key = kv[0];
            String v = kv.length > 1 ? kv[1] : "";
            if (SIZE_KEYS.contains(key)) {
                sizes.put(key, v);
                continue;
            }
            switch (key) {
                case "quick" -> quick = true;
                case "profile" -> profile = true;
                case "quiet-wait-seconds" -> quietWait = Duration.ofSeconds(Long.parseLong(v));
                case "scenario", "scenarios" -> scenarios = checkScenarios(v);
                case "jar" -> jar = Path.of(v);
                case "java-home" -> javaHome = Path.of(v);
                case "results" -> results = Path.of(v);
                case "work" -> work = Path.of(v);
                case "server-jvm" -> jvm = v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
                default -> throw new IllegalArgumentException("Unknown option '" + arg + "'.\n" + usage());
            }
        }
        Sizes s = (quick ? Sizes.quick() : Sizes.full()).with(sizes);
        return new BenchOptions(quick, scenarios, jar, javaHome, results, work, jvm, profile, quietWait, s,
                commandLine);
    }

    private static List<String> checkScenarios(String value) {
        List<String> out = new ArrayList<>();
        for (String n : value.split(",")) {
            if (!ALL.contains(n.trim())) {
                throw new IllegalArgumentException("Unknown scenario '" + n + "'; choose from " + ALL);
            }
            out.add(n.trim());
        }
        return out;
    }

    public static String usage() {
        return """
                Usage: bench/run [--quick] [--scenario=startup,latency,throughput,idle,bytes] [--profile]
                                 [--server-jvm="-Xmx1g ..."] [--streams=100,300,1000] [--tokens-per-second=N]
                                 [--warmup-seconds=N] [--stream-seconds=N] [--throughput-levels=16,64,256]
                                 [--throughput-warmup-seconds=N] [--throughput-seconds=N] [--idle=N]
                                 [--idle-cpu-seconds=N] [--turns=N] [--startup-runs=N]
                                 [--relay-work-us=0,5,10]  (the latency floor's do-nothing relay, again with
                                                            that much CPU spent per chunk: the budget per token)
                                 [--quiet-wait-seconds=N]  (wait up to N s, default 120, before each scenario
                                                            for other processes to stop using the CPU)""";
    }
}
