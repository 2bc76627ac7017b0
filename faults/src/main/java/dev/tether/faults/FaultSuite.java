package dev.tether.faults;

import dev.tether.faults.check.Anomaly;
import dev.tether.faults.check.CheckResult;
import dev.tether.faults.check.Checker;
import dev.tether.faults.check.StoreContents;
import dev.tether.faults.check.StoredMsg;
import dev.tether.faults.history.History;
import dev.tether.faults.report.Row;
import dev.tether.faults.report.Summary;
import dev.tether.faults.report.SummaryWriter;
import dev.tether.faults.scenario.ClientKillScenario;
import dev.tether.faults.scenario.DuplicateSendScenario;
import dev.tether.faults.scenario.FaultRun;
import dev.tether.faults.scenario.FrozenClientScenario;
import dev.tether.faults.scenario.HalfOpenScenario;
import dev.tether.faults.scenario.MalformedScenario;
import dev.tether.faults.scenario.Scenario;
import dev.tether.faults.scenario.ScenarioRecord;
import dev.tether.faults.scenario.ServerKillScenario;
import dev.tether.faults.scenario.StormScenario;
import dev.tether.faults.scenario.TabsScenario;
import dev.tether.faults.server.ServerUnderTest;
import dev.tether.faults.server.StoreReader;
import dev.tether.testkit.model.FakeOpenAiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The fault suite: starts the fake model and the real server ({@code tether.jar serve}, short heartbeats, small
 * outgoing and replay bounds), runs every {@link Scenario} against it one after another, stops the server with
 * SIGTERM, reads its SQLite store, runs the {@link Checker} over each scenario's histories, and prints and writes
 * the summary. Run by {@code FaultSuiteIT} in {@code ./mvnw verify}, and by {@code faults/run} (soak mode with
 * {@code --soak}).
 */
public final class FaultSuite {
    /** Server settings for the suite: what makes dead peers, slow consumers and window limits show in seconds. */
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    static final Duration DEAD_AFTER = Duration.ofSeconds(5);
    static final Duration CLIENT_SILENCE = Duration.ofSeconds(5);

    /**
     * @param only scenario names to run; empty runs all
     */
    public record Options(boolean soak, long seed, Path jar, Path results, Path workDir, List<String> only,
                          String command) {
        public Options {
            only = List.copyOf(only);
        }
    }

    private FaultSuite() {
    }

    static List<Scenario> scenarios() {
        return List.of(new ClientKillScenario(), new DuplicateSendScenario(), new TabsScenario(),
                new HalfOpenScenario(), new FrozenClientScenario(), new MalformedScenario(),
                new ServerKillScenario(), new StormScenario());
    }

    public static Summary run(Options options) throws Exception {
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long t0 = System.nanoTime();
        Files.createDirectories(options.workDir());
        System.out.println("faults: mode " + (options.soak() ? "soak" : "ci") + ", seed " + options.seed()
                + ", work directory " + options.workDir());
        List<Scenario> chosen = scenarios().stream()
                .filter(s -> options.only().isEmpty() || options.only().contains(s.name())).toList();
        try (FakeOpenAiServer model = FakeOpenAiServer.start()) {
            model.defaultScript(FaultRun.NORMAL_REPLY);
            ServerUnderTest server = ServerUnderTest.start(launch(options, model), Duration.ofSeconds(60));
            FaultRun run = new FaultRun(new FaultRun.Settings(options.soak(), options.seed(), HEARTBEAT, DEAD_AFTER,
                    CLIENT_SILENCE, options.workDir()), server, model);
            int exit;
            try {
                chosen.forEach(run::run);
            } finally {
                exit = server.stop(Duration.ofSeconds(30));
            }
            Summary summary = judge(run, server, exit, options, started, (System.nanoTime() - t0) / 1e9);
            System.out.println();
            System.out.print(SummaryWriter.table(summary));
            Path json = SummaryWriter.write(summary, options.results());
            System.out.println("faults: " + summary.anomalies().size() + " anomalies; results in " + json.getParent()
                    + " (latest.json, latest.md)");
            return summary;
        }
    }

    private static ServerUnderTest.Launch launch(Options options, FakeOpenAiServer model) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> sets = List.of(
                "server.heartbeat=" + HEARTBEAT.toSeconds() + "s",
                "server.dead-after=" + DEAD_AFTER.toSeconds() + "s",
                "server.max-outgoing-bytes=65536",
                "server.replay-max-bytes=262144",
                "server.max-connections-per-user=100000",
                "server.messages-per-minute=1000000",
                "memory.enabled=false");
        // C1 only and a CDS archive: the server is restarted 20+ times, and startup is most of that time.
        List<String> jvm = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx768m",
                "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + options.workDir().getParent()
                        .resolve("tether-server.jsa"));
        return new ServerUnderTest.Launch(java, options.jar(), options.workDir().resolve("home"), model.baseUrl(),
                model.model(), sets, jvm, options.workDir().resolve("logs"));
    }

    private static Summary judge(FaultRun run, ServerUnderTest server, int exit, Options options, Instant started,
                                 double seconds) {
        List<String> conversations = new ArrayList<>();
        run.records().forEach(r -> conversations.addAll(r.conversations()));
        StoreContents store = StoreReader.read(server.database(), conversations);
        List<Row> rows = new ArrayList<>();
        List<Anomaly> anomalies = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ScenarioRecord r : run.records()) {
            List<StoredMsg> mine = new ArrayList<>();
            r.conversations().forEach(c -> mine.addAll(store.messages(c)));
            CheckResult check = Checker.check(r.histories(), new StoreContents(mine));
            List<Anomaly> found = new ArrayList<>(r.anomalies());
            check.anomalies().forEach(a -> found.add(new Anomaly(a.kind(), r.name() + "/" + a.client(),
                    a.conversation(), a.count(), a.detail())));
            anomalies.addAll(found);
            dumpHistories(r, check.anomalies(), options.workDir().resolve("histories"));
            r.notes().forEach(n -> notes.add(r.name() + ": " + n));
            double deadPeer = r.deadPeerMillis().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            rows.add(new Row(r.name(), r.faults(), r.clientCount(), check.eventsChecked(), check.lost(),
                    check.duplicated(), check.maxResumeMillis(), deadPeer, found.size(), r.durationMillis() / 1000.0));
        }
        if (exit != 0) {
            anomalies.add(new Anomaly(Anomaly.Kind.SCENARIO, "shutdown", "", 0, "the server exited with " + exit
                    + " on SIGTERM; expected 0 (drain, then exit). Log: " + server.currentLog()));
        }
        Row total = new Row("total", rows.stream().mapToLong(Row::faults).sum(),
                rows.stream().mapToInt(Row::clients).sum(), rows.stream().mapToLong(Row::eventsChecked).sum(),
                rows.stream().mapToLong(Row::lost).sum(), rows.stream().mapToLong(Row::duplicated).sum(),
                rows.stream().mapToDouble(Row::maxResumeMillis).max().orElse(0),
                rows.stream().mapToDouble(Row::maxDeadPeerMillis).max().orElse(0), anomalies.size(), seconds);
        return new Summary(started.toString(), options.soak() ? "soak" : "ci", options.seed(), options.command(),
                seconds, server.starts(), exit, rows, total, anomalies, notes);
    }

    /** Keeps the histories of the clients an anomaly names (at most 20 per scenario) for whoever reads the report. */
    private static void dumpHistories(ScenarioRecord r, List<Anomaly> found, Path dir) {
        java.util.Set<String> named = new java.util.LinkedHashSet<>();
        found.forEach(a -> named.add(a.client()));
        int written = 0;
        for (History h : r.histories()) {
            if (named.contains(h.client()) && written++ < 20) {
                h.writeTo(dir.resolve(h.client().replace('/', '_') + ".jsonl"));
            }
        }
        if (written > 0) {
            System.out.printf("faults: %s: histories of %d clients with anomalies in %s%n", r.name(),
                    Math.min(written, 20), dir);
        }
    }

    /** {@code faults/run}: {@code --soak}, {@code --seed=N}, {@code --only=a,b}, {@code --jar=PATH}. */
    public static void main(String[] args) throws Exception {
        boolean soak = false;
        long seed = System.currentTimeMillis();
        List<String> only = List.of();
        Path root = Path.of(".").toAbsolutePath().normalize();
        Path jar = root.resolve("tether-cli/target/tether.jar");
        for (String a : args) {
            if (a.equals("--soak")) {
                soak = true;
            } else if (a.startsWith("--seed=")) {
                seed = Long.parseLong(a.substring(7));
            } else if (a.startsWith("--only=")) {
                only = List.of(a.substring(7).split(","));
            } else if (a.startsWith("--jar=")) {
                jar = Path.of(a.substring(6));
            } else {
                System.err.println("Unknown option '" + a + "'. Options: --soak --seed=N --only=NAME,... --jar=PATH; "
                        + "scenarios: " + scenarios().stream().map(Scenario::name).toList());
                System.exit(2);
            }
        }
        Path work = root.resolve("faults/target/run-" + System.currentTimeMillis());
        Summary s = run(new Options(soak, seed, jar, root.resolve("faults/results"), work, only,
                "faults/run " + String.join(" ", args)));
        System.exit(s.passed() ? 0 : 1);
    }
}
