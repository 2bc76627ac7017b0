package dev.tether.faults.report;

/**
 * One line of the summary: one kind of fault, or the total.
 *
 * @param faults faults injected
 * @param eventsChecked positions and snapshots checked in the clients' histories
 * @param lost positions, acknowledged messages and replies missing
 * @param duplicated positions, messages and replies delivered or stored twice
 * @param maxResumeMillis longest time from a reconnect's first attempt to every conversation live again
 * @param maxDeadPeerMillis longest time for an end of a half-open connection to notice (0 where not measured)
 * @param anomalies everything the checker and the scenario found wrong
 */
public record Row(String fault, long faults, int clients, long eventsChecked, long lost, long duplicated,
                  double maxResumeMillis, double maxDeadPeerMillis, int anomalies, double seconds) {
}
