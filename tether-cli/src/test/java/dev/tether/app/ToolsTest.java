package dev.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.config.ConfigLoader;
import dev.tether.config.TetherConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolsTest {
    @TempDir
    Path home;

    private List<String> names(String... overrides) {
        TetherConfig config = ConfigLoader.load(home, home.resolve("none.json"), n -> null, List.of(overrides));
        return Tools.enabled(config.tools()).stream().map(t -> t.spec().name()).toList();
    }

    @Test
    void execIsOffByDefaultAndEverythingElseIsOn() {
        assertThat(names()).containsExactly("read_file", "write_file", "edit_file", "list_dir", "web_fetch");
    }

    @Test
    void execIsRegisteredOnlyWhenEnabled() {
        assertThat(names("tools.exec.enabled=true")).contains("exec");
        assertThat(names("tools.files.enabled=false", "tools.web-fetch.enabled=false")).isEmpty();
    }

    @Test
    void everyInstalledProviderIsFoundAndAnUnknownOneIsNamedInTheError() {
        assertThat(Models.providers()).containsKeys("openai", "anthropic");
        TetherConfig config = ConfigLoader.load(home, home.resolve("none.json"), n -> null,
                List.of("models.local.provider=gemini"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Models.routed(config))
                .hasMessage("models.local.provider is 'gemini', which no installed provider handles. "
                        + "Use one of [anthropic, openai].");
    }
}
