package dev.tether.agent;

import java.time.Duration;

/**
 * Limits of a turn.
 *
 * @param maxIterations most model calls per turn (each tool round is one)
 * @param contextTokens token budget for everything sent to the model
 * @param maxOutputTokens reply length limit, 0 for the model server's default
 * @param checkpointInterval how often a reply in progress is saved
 * @param memoryChars how much of MEMORY.md goes into the context, 0 for none
 */
public record AgentSettings(int maxIterations, int contextTokens, int maxOutputTokens, Duration checkpointInterval,
                            int memoryChars) {
    public AgentSettings {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations < 1: " + maxIterations);
        }
        if (contextTokens < 256) {
            throw new IllegalArgumentException("contextTokens < 256: " + contextTokens);
        }
    }

    public static AgentSettings defaults() {
        return new AgentSettings(20, 16_000, 0, Duration.ofSeconds(1), 8000);
    }
}
