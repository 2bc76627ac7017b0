package dev.tether.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** One entry of the {@code models} section. An empty {@code apiKey} means none is sent. */
public record ModelConfig(String provider, String baseUrl, String model, String apiKey, Duration connectTimeout,
                          Duration firstTokenTimeout, Optional<Double> temperature) {
    public ModelConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(baseUrl, "base-url");
        Objects.requireNonNull(model, "model");
        apiKey = apiKey == null ? "" : apiKey;
        temperature = temperature == null ? Optional.empty() : temperature;
        Check.positive("connect-timeout", connectTimeout);
        Check.positive("first-token-timeout", firstTokenTimeout);
        if (!baseUrl.matches("(?i)https?://\\S+")) {
            throw new IllegalArgumentException("base-url must start with http:// or https:// but was '" + baseUrl
                    + "'. Example: http://127.0.0.1:8000/v1");
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must name the model to ask for, but was empty");
        }
    }
}
