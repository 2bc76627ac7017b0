/**
 * The faults: each {@link dev.tether.faults.scenario.Scenario} creates its own conversations and recording clients,
 * injects one kind of fault into the running server's traffic and counts what it injected.
 */
package dev.tether.faults.scenario;
