package dev.tether.faults.scenario;

/**
 * One kind of fault, injected into the running server's traffic by {@link #run}. A scenario creates its own
 * conversations and clients through the {@link FaultRun} (so the checker can judge them apart), injects its
 * faults, counts them, and returns once every reply it waits for has arrived or its time is up.
 */
public interface Scenario {
    /** A short kebab-case name, the row of the summary table. */
    String name();

    /** One sentence: what is injected. */
    String description();

    void run(FaultRun run) throws Exception;
}
