package dev.tether.model.anthropic;

import dev.tether.api.model.ModelSettings;
import java.net.URI;
import java.net.URISyntaxException;

/** Checks {@link ModelSettings} before a model is built, with messages that name the setting to fix. */
final class Settings {
    private Settings() {
    }

    static void validate(ModelSettings settings) {
        String url = settings.baseUrl();
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("model.base-url must be an http(s) URL with a host, for example"
                        + " https://api.anthropic.com/v1, but was '" + url + "'");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("model.base-url is not a valid URL: '" + url + "' (" + e.getReason()
                    + ")", e);
        }
        if (settings.model().isBlank()) {
            throw new IllegalArgumentException("model name is blank; set the name the server knows the model by,"
                    + " for example 'claude-sonnet-4-5'");
        }
        if (settings.connectTimeout().isNegative() || settings.connectTimeout().isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + settings.connectTimeout());
        }
        if (settings.firstTokenTimeout().isNegative() || settings.firstTokenTimeout().isZero()) {
            throw new IllegalArgumentException("first-token timeout must be positive: " + settings.firstTokenTimeout());
        }
        if (settings.maxOutputTokens() < 0) {
            throw new IllegalArgumentException("maxOutputTokens < 0: " + settings.maxOutputTokens());
        }
    }
}
