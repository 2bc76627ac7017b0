/**
 * What the machine allows without Tether: a do-nothing relay that stands where the server stands, so the
 * latency scenario can report, in the same run, how much of its figure the topology costs before any work.
 */
package dev.tether.bench.floor;
