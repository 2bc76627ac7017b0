package dev.tether.bench.scenario;

import dev.tether.bench.BenchContext;
import dev.tether.bench.report.ScenarioResult;

/** One benchmark: starts what it needs, drives it over loopback with bounded loops, stops what it started. */
public interface Scenario {
    String name();

    ScenarioResult run(BenchContext ctx) throws Exception;
}
