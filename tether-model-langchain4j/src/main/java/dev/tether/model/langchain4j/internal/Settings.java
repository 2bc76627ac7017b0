package dev.tether.model.langchain4j.internal;

import dev.tether.api.model.ModelSettings;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Checks {@link ModelSettings} before a model is built. Messages name the config key to fix; the provider does
 * not know the model's name in config, so they point at the key inside the models section.
 */
public final class Settings {
    private static final String IN_MODELS = " in the models section of config.json";

    private Settings() {
    }

    /**
     * @param exampleBaseUrl a base URL this provider accepts, shown when the configured one is unusable
     * @param exampleModel a model name this provider serves, shown when none is configured
     * @throws IllegalArgumentException naming the key and the bad value
     */
    public static void validate(ModelSettings settings, String exampleBaseUrl, String exampleModel) {
        String url = settings.baseUrl();
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("base-url must be an http(s) URL with a host, for example "
                        + exampleBaseUrl + ", but was '" + url + "'. Fix base-url" + IN_MODELS + ".");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("base-url '" + url + "' is not a valid URL (" + e.getReason()
                    + "). Fix base-url" + IN_MODELS + ".", e);
        }
        if (settings.model().isBlank()) {
            throw new IllegalArgumentException("model name is blank. Set model" + IN_MODELS
                    + " to the name the server knows the model by, for example '" + exampleModel + "'.");
        }
        if (!settings.connectTimeout().isPositive()) {
            throw new IllegalArgumentException("connect-timeout must be positive but was " + settings.connectTimeout()
                    + ". Fix connect-timeout" + IN_MODELS + ".");
        }
        if (!settings.firstTokenTimeout().isPositive()) {
            throw new IllegalArgumentException("first-token-timeout must be positive but was "
                    + settings.firstTokenTimeout() + ". Fix first-token-timeout" + IN_MODELS + ".");
        }
        if (settings.maxOutputTokens() < 0) {
            throw new IllegalArgumentException("max-output-tokens < 0: " + settings.maxOutputTokens()
                    + ". Set max-output-tokens in the agent section of config.json to 0 (provider default) or more.");
        }
    }
}
