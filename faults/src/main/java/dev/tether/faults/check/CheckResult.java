package dev.tether.faults.check;

import java.util.List;

/**
 * What the checker found over a set of histories and the store.
 *
 * @param eventsChecked positions and snapshots whose order was checked, over every client
 * @param lost positions, acknowledged messages and replies missing (sum over the anomalies that count as lost)
 * @param duplicated positions, user messages and replies delivered or stored more than once
 * @param resumeMillis for every reconnect, the time from its first attempt until every followed conversation
 *                     was live again (resumed, or snapshot received)
 */
public record CheckResult(List<Anomaly> anomalies, long eventsChecked, long lost, long duplicated,
                          List<Double> resumeMillis, int acknowledged, int storedMessages) {
    public CheckResult {
        anomalies = List.copyOf(anomalies);
        resumeMillis = List.copyOf(resumeMillis);
    }

    public double maxResumeMillis() {
        return resumeMillis.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    public boolean clean() {
        return anomalies.isEmpty();
    }
}
