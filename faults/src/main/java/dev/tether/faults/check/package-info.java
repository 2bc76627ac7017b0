/**
 * The checker: replays each client's recorded frames as the protocol requires and compares what the clients
 * rendered and were acknowledged with what the store holds. Its findings are {@link dev.tether.faults.check.Anomaly}s.
 */
package dev.tether.faults.check;
