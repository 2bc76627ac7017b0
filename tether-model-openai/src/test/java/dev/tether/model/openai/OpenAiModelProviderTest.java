package dev.tether.model.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.api.model.ModelInfo;
import dev.tether.api.model.ModelProvider;
import dev.tether.api.model.ModelSettings;
import dev.tether.testkit.model.ContractFixtures;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class OpenAiModelProviderTest {

    @Test
    void serviceLoaderFindsTheOpenAiProvider() {
        assertThat(ServiceLoader.load(ModelProvider.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(p -> {
                    assertThat(p).isInstanceOf(OpenAiModelProvider.class);
                    assertThat(p.id()).isEqualTo("openai");
                });
    }

    @Test
    void createDoesNoNetworkIoAndNamesTheModel() {
        String deadUrl = "http://127.0.0.1:" + ContractFixtures.closedPort() + "/v1";
        var model = new OpenAiModelProvider().create(ModelSettings.of(deadUrl, "qwen2.5"));
        assertThat(model.info()).isEqualTo(new ModelInfo("openai", "qwen2.5", deadUrl));
    }

    @Test
    void baseUrlWithoutHttpSchemeIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> new OpenAiModelProvider().create(ModelSettings.of("localhost:8000/v1", "m")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Fix base-url in the models section of config.json").hasMessageContaining("'localhost:8000/v1'");
    }

    @Test
    void blankModelNameIsRejected() {
        assertThatThrownBy(() -> new OpenAiModelProvider().create(ModelSettings.of("http://127.0.0.1:8000/v1", " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model name is blank");
    }
}
