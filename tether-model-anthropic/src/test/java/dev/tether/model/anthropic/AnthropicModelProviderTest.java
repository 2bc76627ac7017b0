package dev.tether.model.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.api.model.ModelInfo;
import dev.tether.api.model.ModelProvider;
import dev.tether.api.model.ModelSettings;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class AnthropicModelProviderTest {

    @Test
    void serviceLoaderFindsTheAnthropicProvider() {
        assertThat(ServiceLoader.load(ModelProvider.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(p -> {
                    assertThat(p).isInstanceOf(AnthropicModelProvider.class);
                    assertThat(p.id()).isEqualTo("anthropic");
                });
    }

    @Test
    void createNamesProviderModelAndUrl() {
        var model = new AnthropicModelProvider().create(ModelSettings.of("https://api.anthropic.com/v1", "claude-x"));
        assertThat(model.info()).isEqualTo(new ModelInfo("anthropic", "claude-x", "https://api.anthropic.com/v1"));
    }

    @Test
    void baseUrlWithoutHttpSchemeIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> new AnthropicModelProvider().create(ModelSettings.of("api.anthropic.com", "m")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Fix base-url in the models section of config.json").hasMessageContaining("'api.anthropic.com'");
    }
}
