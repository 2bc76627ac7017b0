package dev.tether.api.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider needs to build a model.
 *
 * @param baseUrl the API base, for example {@code http://127.0.0.1:8000/v1}
 * @param model the model name sent upstream
 * @param apiKey the key, or empty for local servers that need none
 * @param connectTimeout how long to wait for a connection
 * @param firstTokenTimeout how long to wait for the response to start (and, per chunk, for progress)
 * @param temperature sampling temperature, or empty for the provider's default
 * @param maxOutputTokens default output limit; 0 for the provider's default
 */
public record ModelSettings(String baseUrl, String model, Optional<String> apiKey, Duration connectTimeout,
                            Duration firstTokenTimeout, Optional<Double> temperature, int maxOutputTokens) {
    public ModelSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(firstTokenTimeout, "firstTokenTimeout");
        Objects.requireNonNull(temperature, "temperature");
    }

    /** Settings with default timeouts (5 s connect, 60 s to first token), no key, provider defaults. */
    public static ModelSettings of(String baseUrl, String model) {
        return new ModelSettings(baseUrl, model, Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(60),
                Optional.empty(), 0);
    }
}
