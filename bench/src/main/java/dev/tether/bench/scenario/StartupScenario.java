package dev.tether.bench.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.bench.BenchContext;
import dev.tether.bench.model.FakeModelServer;
import dev.tether.bench.report.Format;
import dev.tether.bench.report.Metric;
import dev.tether.bench.report.ScenarioResult;
import dev.tether.bench.server.ServerProcess;
import dev.tether.bench.stats.Recorder;
import dev.tether.testkit.server.ServeCommandLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Start to ready: from starting the process to the "listening" line and to the first 200 from
 * {@code /health/ready}, and the RSS then and two seconds later. Each run has a fresh home (so it includes
 * creating the database); one more run restarts on the first run's home. Median of the fresh runs.
 *
 * <p>The server keeps its classes in a CDS archive beside the jar ({@link ServeCommandLine#classArchiveFile()}, as
 * {@code ./tether serve} does), which the build writes. If it is missing or older than the jar (built with
 * {@code -Dtether.class-archive.skip=true}), a first start writes it at exit; that start is reported apart, the
 * measured ones map the archive as every start after a normal build does.
 */
public final class StartupScenario implements Scenario {
    /** Whether the archive is there and newer than the jar (the JVM checks the jar's size and time the same way). */
    private static boolean current(Path archive, Path jar) throws IOException {
        return Files.exists(archive) && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0;
    }

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public ScenarioResult run(BenchContext ctx) throws Exception {
        long t0 = System.nanoTime();
        int runs = ctx.sizes().startupRuns();
        Recorder listening = new Recorder();
        Recorder ready = new Recorder();
        Recorder rss = new Recorder();
        Recorder rssSettled = new Recorder();
        ObjectNode details = ctx.json().createObjectNode();
        ObjectNode firstStart = null;
        ArrayNode each = details.putArray("runs");
        try (FakeModelServer model = FakeModelServer.start()) {
            ServerProcess.Launch first = ctx.launch("startup-0", model.baseUrl(), List.of());
            Optional<Path> archive = ServerProcess.command(first, 1).classArchiveFile();
            details.put("classArchive", archive.map(Path::toString).orElse("none (the jar's folder is read-only)"));
            if (archive.isPresent() && !current(archive.get(), first.jar())) {
                try (ServerProcess server = ServerProcess.start(first)) {
                    server.awaitReady(Duration.ofSeconds(60));
                    long rssNow = server.rssBytes();
                    firstStart = details.putObject("firstStartWithoutArchive")
                            .put("toReadyMs", Format.millis(server.timeToReady().toNanos()))
                            .put("rssAtReadyBytes", rssNow);
                }
                if (!current(archive.get(), first.jar())) {
                    throw new IllegalStateException("The server did not write its class archive " + archive.get()
                            + " at exit; see " + first.log());
                }
            }
            for (int i = 1; i <= runs + 1; i++) {
                boolean restart = i == runs + 1;
                String label = restart ? "startup-1" : "startup-" + i;
                ServerProcess.Launch launch = ctx.launch(label, model.baseUrl(), List.of());
                if (restart) {
                    launch = launch.withLog(launch.log().resolveSibling("server-restart.log"));
                }
                try (ServerProcess server = ServerProcess.start(launch)) {
                    server.awaitReady(Duration.ofSeconds(60));
                    long rssNow = server.rssBytes();
                    Thread.sleep(2000);
                    long rssLater = server.rssBytes();
                    ObjectNode run = each.addObject().put("restartOnExistingHome", restart)
                            .put("toListeningMs", Format.millis(server.timeToListening().toNanos()))
                            .put("toReadyMs", Format.millis(server.timeToReady().toNanos()))
                            .put("rssAtReadyBytes", rssNow).put("rssAfter2sBytes", rssLater)
                            .put("threads", server.threads());
                    if (!restart) {
                        listening.record(server.timeToListening().toNanos());
                        ready.record(server.timeToReady().toNanos());
                        rss.record(rssNow);
                        rssSettled.record(rssLater);
                    } else {
                        details.set("restart", run);
                    }
                }
            }
        }
        double readyMs = Format.millis(ready.percentile(50));
        double rssMb = Format.mib(Math.max(rss.percentile(50), rssSettled.percentile(50)));
        List<Metric> metrics = new ArrayList<>();
        metrics.add(Metric.info("start to 'listening' line (median of " + runs + ")",
                Format.millis(listening.percentile(50)), "ms"));
        metrics.add(Metric.below("start to /health/ready 200 (median of " + runs + ")", readyMs, "ms", 2000));
        metrics.add(Metric.below("RSS after start (larger of at-ready and +2 s, median)", rssMb, "MiB", 150));
        metrics.add(Metric.info("start to ready, slowest fresh run", Format.millis(ready.max()), "ms"));
        if (firstStart != null) {
            metrics.add(Metric.info("first start without the class archive (writes it): start to ready",
                    firstStart.get("toReadyMs").asDouble(), "ms"));
            metrics.add(Metric.info("first start without the class archive: RSS at ready",
                    Format.mib(firstStart.get("rssAtReadyBytes").asLong()), "MiB"));
        }
        List<String> notes = List.of("Server JVM options: " + ctx.options().serverJvmDescription()
                + ". The times include JVM start and creating the "
                + "SQLite database in a fresh home; 'restart' in the JSON is a second start on an existing home. "
                + "The measured starts map the class archive the build writes ("
                + details.get("classArchive").asText() + ").");
        return new ScenarioResult(name(), "Start to ready", metrics, details, notes,
                (System.nanoTime() - t0) / 1e9);
    }
}
