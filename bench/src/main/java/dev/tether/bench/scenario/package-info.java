/**
 * The benchmarks: start to ready, token delivery latency, turns per second, memory per idle connection,
 * bytes per turn. Each is bounded in count and time and talks to loopback only.
 */
package dev.tether.bench.scenario;
