package dev.tether.faults.report;

import dev.tether.faults.check.Anomaly;
import java.util.List;

/**
 * A whole run: what ran, one {@link Row} per fault kind and the total, every anomaly (with detail) and the
 * scenarios' notes (measurements worth reading).
 *
 * @param mode "ci" or "soak"
 * @param sigtermExitCode the server's exit code when stopped with SIGTERM at the end
 */
public record Summary(String startedAt, String mode, long seed, String command, double seconds, int serverStarts,
                      int sigtermExitCode, List<Row> rows, Row total, List<Anomaly> anomalies, List<String> notes) {
    public Summary {
        rows = List.copyOf(rows);
        anomalies = List.copyOf(anomalies);
        notes = List.copyOf(notes);
    }

    public boolean passed() {
        return anomalies.isEmpty();
    }
}
