package dev.tether.bench.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What one scenario reports: headline figures (with targets where the brief sets one), free-form details
 * for the JSON, and notes (what limited the run, what could not be measured).
 */
public record ScenarioResult(String name, String title, List<Metric> metrics, ObjectNode details,
                             List<String> notes, double seconds) {
    public ScenarioResult {
        metrics = List.copyOf(metrics);
        notes = List.copyOf(notes);
    }
}
