package dev.tether.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.bench.report.Metric;
import dev.tether.bench.report.ReportWriter;
import dev.tether.bench.report.ScenarioResult;
import dev.tether.bench.scenario.BytesPerTurnScenario;
import dev.tether.bench.scenario.IdleScenario;
import dev.tether.bench.scenario.LatencyScenario;
import dev.tether.bench.scenario.Scenario;
import dev.tether.bench.scenario.StartupScenario;
import dev.tether.bench.scenario.ThroughputScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The load generator: runs the chosen scenarios one after another, each against its own server process, and
 * writes the results. A scenario that fails is reported as failed; the others still run.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = System.getProperty("bench.command", "bench/run " + String.join(" ", args)).trim();
        if (java.util.Arrays.asList(args).contains("--help")) {
            System.out.println(BenchOptions.usage());
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, command);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(options.jar())) {
            System.err.println("No server jar at " + options.jar().toAbsolutePath() + ". Build it with "
                    + "'./mvnw -pl tether-cli -am package -DskipTests' (bench/run does this for you).");
            System.exit(2);
        }
        Instant started = Instant.now();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started);
        Path runDir = options.workDir().resolve(stamp);
        Files.createDirectories(runDir);
        BenchContext ctx = new BenchContext(options, runDir);
        Map<String, Scenario> all = Map.of("startup", new StartupScenario(), "latency", new LatencyScenario(),
                "throughput", new ThroughputScenario(), "idle", new IdleScenario(), "bytes", new BytesPerTurnScenario());
        List<ScenarioResult> results = new ArrayList<>();
        long t0 = System.nanoTime();
        for (String name : options.scenarios()) {
            System.err.printf("== %s ==%n", name);
            double busyBefore = QuietMachine.await(options.quietWait());
            long s0 = System.nanoTime();
            try {
                ScenarioResult r = all.get(name).run(ctx);
                r.details().put("otherProcessesCoresBeforeStart", Math.round(busyBefore * 100) / 100.0);
                results.add(r);
                System.err.println(new ReportWriter().toMarkdown(runInfo(options, started, stamp, 0), List.of(r))
                        .lines().filter(l -> l.startsWith("| " + name)).reduce("", (a, b) -> a + b + "\n"));
            } catch (Exception | AssertionError e) {
                e.printStackTrace();
                ObjectNode details = ctx.json().createObjectNode().put("error", e.toString());
                results.add(new ScenarioResult(name, name + " (failed)", List.of(Metric.info("failed", 1, "")),
                        details, List.of("The scenario failed: " + e + ". Logs: " + ctx.dir(name).toAbsolutePath()),
                        (System.nanoTime() - s0) / 1e9));
            }
        }
        ObjectNode run = runInfo(options, started, stamp, (System.nanoTime() - t0) / 1e9);
        new ReportWriter().write(options.resultsDir(), stamp, run, results);
        if (options.profile()) {
            copyProfiles(runDir, options.resultsDir().resolve(stamp + "-profiles"));
        }
        System.err.println("Results: " + options.resultsDir().resolve("latest.md").toAbsolutePath()
                + " (and latest.json, " + stamp + ".*); server logs under " + runDir.toAbsolutePath());
        System.exit(0);
    }

    /** Keeps the profile summaries (text, small) with the results; the recordings stay in the work folder. */
    private static void copyProfiles(Path runDir, Path target) throws java.io.IOException {
        try (var files = Files.walk(runDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-summary.txt")).toList()) {
                Files.createDirectories(target);
                Files.copy(f, target.resolve(runDir.relativize(f).toString().replace('/', '-')),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static ObjectNode runInfo(BenchOptions options, Instant started, String stamp, double seconds) {
        ObjectNode run = new ObjectMapper().createObjectNode();
        run.put("startedAt", started.toString()).put("stamp", stamp).put("mode", options.quick() ? "quick" : "full")
                .put("seconds", Math.round(seconds * 10) / 10.0).put("command", options.commandLine());
        run.set("machine", MachineInfo.describe(options));
        ObjectNode sizes = run.putObject("sizes");
        BenchOptions.Sizes s = options.sizes();
        sizes.put("startupRuns", s.startupRuns()).put("streams", s.streams().toString()).put("tokensPerSecond", s.tokensPerSecond())
                .put("warmupSeconds", s.warmupSeconds()).put("streamSeconds", s.streamSeconds())
                .put("throughputLevels", s.throughputLevels().toString())
                .put("throughputWarmupSeconds", s.throughputWarmupSeconds())
                .put("throughputSeconds", s.throughputSeconds()).put("idleConnections", s.idleConnections())
                .put("idleCpuSeconds", s.idleCpuSeconds()).put("turns", s.turns());
        return run;
    }
}
