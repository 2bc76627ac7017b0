package dev.tether.model.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.api.model.ModelSettings;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static final String URL = "http://127.0.0.1:8000/v1";

    @Test
    void validSettingsPass() {
        assertThatCode(() -> validate(ModelSettings.of(URL, "m"))).doesNotThrowAnyException();
    }

    @Test
    void baseUrlWithoutSchemeNamesTheKeyTheValueAndAnExample() {
        assertThatThrownBy(() -> validate(ModelSettings.of("localhost:8000/v1", "m")))
                .hasMessageContaining("'localhost:8000/v1'").hasMessageContaining("for example " + URL)
                .hasMessageContaining("Fix base-url in the models section of config.json.");
    }

    @Test
    void unparsableBaseUrlNamesTheKey() {
        assertThatThrownBy(() -> validate(ModelSettings.of("http://bad host/v1", "m")))
                .hasMessageContaining("'http://bad host/v1'")
                .hasMessageContaining("Fix base-url in the models section of config.json.");
    }

    @Test
    void blankModelNamesTheKeyAndAnExample() {
        assertThatThrownBy(() -> validate(ModelSettings.of(URL, " ")))
                .hasMessageContaining("model name is blank").hasMessageContaining("'example-model'")
                .hasMessageContaining("Set model in the models section of config.json");
    }

    @Test
    void nonPositiveTimeoutsNameTheirKeys() {
        assertThatThrownBy(() -> validate(withTimeouts(Duration.ZERO, Duration.ofSeconds(1))))
                .hasMessageContaining("Fix connect-timeout in the models section of config.json.");
        assertThatThrownBy(() -> validate(withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(-1))))
                .hasMessageContaining("Fix first-token-timeout in the models section of config.json.");
    }

    private static void validate(ModelSettings settings) {
        Settings.validate(settings, URL, "example-model");
    }

    private static ModelSettings withTimeouts(Duration connect, Duration firstToken) {
        return new ModelSettings(URL, "m", Optional.empty(), connect, firstToken, Optional.empty(), 0);
    }
}
