package dev.tether.config;

import java.time.Duration;
import java.util.List;

/** The {@code agent} section: which model answers, and the limits of one turn. */
public record AgentConfig(String model, List<String> fallbacks, int maxIterations, int contextTokens,
                          int maxOutputTokens, Duration checkpointInterval) {
    public AgentConfig {
        fallbacks = List.copyOf(fallbacks);
        Check.range("max-iterations", maxIterations, 1, 1000);
        Check.range("context-tokens", contextTokens, 1000, 10_000_000);
        Check.range("max-output-tokens", maxOutputTokens, 0, 1_000_000);
        Check.positive("checkpoint-interval", checkpointInterval);
    }
}
