/**
 * Exact percentiles over recorded values.
 */
package dev.tether.bench.stats;
