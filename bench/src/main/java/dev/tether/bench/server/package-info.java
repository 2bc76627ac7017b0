/**
 * The server under test as a child process: start, readiness, {@code /proc} figures, {@code jcmd}.
 */
package dev.tether.bench.server;
