package dev.tether.api.model;

/** Token counts reported by the provider; zeros when it reported none. */
public record TokenUsage(int inputTokens, int outputTokens) {
    public static final TokenUsage UNKNOWN = new TokenUsage(0, 0);

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
    }
}
