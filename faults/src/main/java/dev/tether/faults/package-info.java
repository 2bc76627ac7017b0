/**
 * Jepsen-style fault injection against the real server process: scenarios inject faults while recording
 * clients talk to it, then the checker compares every client's history with the store. Entry point:
 * {@link dev.tether.faults.FaultSuite}.
 */
package dev.tether.faults;
