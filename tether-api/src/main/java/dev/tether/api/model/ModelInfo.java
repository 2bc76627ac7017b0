package dev.tether.api.model;

import java.util.Objects;

/**
 * Identifies a configured model: provider id (for example {@code openai} or {@code anthropic}), the model
 * name sent upstream, and the base URL tried, which every connection error names.
 */
public record ModelInfo(String provider, String model, String baseUrl) {
    public ModelInfo {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(baseUrl, "baseUrl");
    }

    /** {@code provider:model}, the form used in config fallback chains and logs. */
    public String id() {
        return provider + ":" + model;
    }
}
