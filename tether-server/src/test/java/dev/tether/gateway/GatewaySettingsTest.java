package dev.tether.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.config.ConfigLoader;
import dev.tether.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's settings as the {@code server} config section gives them. */
class GatewaySettingsTest {
    @TempDir
    Path dir;

    private ServerConfig server(String... overrides) {
        return ConfigLoader.load(dir, dir.resolve("none.json"), n -> null, List.of(overrides)).server();
    }

    @Test
    void tokensAreRecheckedAsConfiguredUnlessThereAreNoTokens() {
        assertThat(GatewaySettings.from(server()).tokenRecheck()).isEqualTo(Duration.ofSeconds(10));
        assertThat(GatewaySettings.from(server("server.token-recheck=2s")).tokenRecheck())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(GatewaySettings.from(server("server.auth=none", "server.token-recheck=2s")).tokenRecheck())
                .isZero();
    }
}
