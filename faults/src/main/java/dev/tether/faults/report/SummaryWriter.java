package dev.tether.faults.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tether.faults.check.Anomaly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints the summary table and writes {@code latest.json}, {@code latest.md} and timestamped copies. */
public final class SummaryWriter {
    private static final int ANOMALIES_SHOWN = 40;

    private SummaryWriter() {
    }

    /** The summary as a Markdown table (also what is printed). */
    public static String table(Summary s) {
        StringBuilder b = new StringBuilder();
        b.append("| fault | injected | clients | events checked | lost | duplicated | max resume | max dead-peer detection | anomalies | time |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Row> all = new ArrayList<>(s.rows());
        all.add(s.total());
        for (Row r : all) {
            b.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %,d | %s | %s | %d | %.0f s |%n",
                    r == s.total() ? "**total**" : r.fault(), r.faults(), r.clients(), r.eventsChecked(), r.lost(),
                    r.duplicated(), millis(r.maxResumeMillis()), millis(r.maxDeadPeerMillis()), r.anomalies(),
                    r.seconds()));
        }
        return b.toString();
    }

    private static String millis(double ms) {
        return ms <= 0 ? "-" : ms < 10_000 ? String.format(Locale.ROOT, "%.0f ms", ms)
                : String.format(Locale.ROOT, "%.1f s", ms / 1000);
    }

    public static String markdown(Summary s) {
        StringBuilder b = new StringBuilder();
        b.append("# Fault suite: ").append(s.passed() ? "passed" : "FAILED").append("\n\n");
        b.append(String.format(Locale.ROOT, "`%s`, mode %s, seed %d, started %s, %.0f s, %d server starts, "
                + "exit code on SIGTERM %d.%n%n", s.command(), s.mode(), s.seed(), s.startedAt(), s.seconds(),
                s.serverStarts(), s.sigtermExitCode()));
        b.append(table(s)).append('\n');
        if (!s.anomalies().isEmpty()) {
            b.append("## Anomalies (").append(s.anomalies().size()).append(")\n\n");
            s.anomalies().stream().limit(ANOMALIES_SHOWN).forEach(a -> b.append("- ").append(a).append('\n'));
            if (s.anomalies().size() > ANOMALIES_SHOWN) {
                b.append("- ... ").append(s.anomalies().size() - ANOMALIES_SHOWN).append(" more in latest.json\n");
            }
            b.append('\n');
        }
        b.append("## Notes\n\n");
        s.notes().forEach(n -> b.append("- ").append(n).append('\n'));
        return b.toString();
    }

    /** Writes latest.{json,md} and a copy named after the start time; returns the JSON file. */
    public static Path write(Summary s, Path dir) {
        try {
            Files.createDirectories(dir);
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Path latestJson = dir.resolve("latest.json");
            Path latestMd = dir.resolve("latest.md");
            json.writeValue(latestJson.toFile(), s);
            Files.writeString(latestMd, markdown(s));
            String stamp = s.startedAt().replaceAll("[^0-9T]", "").replace('T', '-').substring(0, 15);
            Files.copy(latestJson, dir.resolve(stamp + ".json"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(latestMd, dir.resolve(stamp + ".md"), StandardCopyOption.REPLACE_EXISTING);
            return latestJson;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the fault suite's results to " + dir, e);
        }
    }

    /** The anomalies as lines, for a failing test's message. */
    public static String anomalyLines(List<Anomaly> anomalies, int max) {
        StringBuilder b = new StringBuilder();
        anomalies.stream().limit(max).forEach(a -> b.append("  ").append(a).append('\n'));
        if (anomalies.size() > max) {
            b.append("  ... ").append(anomalies.size() - max).append(" more\n");
        }
        return b.toString();
    }
}
