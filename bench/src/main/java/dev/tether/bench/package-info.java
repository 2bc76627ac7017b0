/**
 * The load generator's entry point: options, the run's shared context, and writing results. Run it with
 * {@code bench/run}; the build only compiles it.
 */
package dev.tether.bench;
