package dev.tether.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path home;

    private TetherConfig load(String json, String... overrides) throws IOException {
        return load(json, Map.of(), overrides);
    }

    private TetherConfig load(String json, Map<String, String> env, String... overrides) throws IOException {
        Path file = home.resolve("config.json");
        Files.writeString(file, json);
        return ConfigLoader.load(home, file, env::get, List.of(overrides));
    }

    private Path file() {
        return home.resolve("config.json");
    }

    @Test
    void missingFileGivesDefaultsForTheReferenceVllmDeployment() {
        TetherConfig c = ConfigLoader.load(home, home.resolve("absent.json"), n -> null, List.of());
        assertThat(c.mainModel().baseUrl()).isEqualTo("http://127.0.0.1:8000/v1");
        assertThat(c.mainModel().model()).isEqualTo("Qwen/Qwen3-4B-Instruct-2507");
        assertThat(c.mainModel().provider()).isEqualTo("openai");
        assertThat(c.workspace()).isEqualTo(home.resolve("workspace"));
        assertThat(c.store().path()).isEqualTo(home.resolve("data/tether.db"));
        assertThat(c.store().type()).isEqualTo(StoreConfig.Type.SQLITE);
        assertThat(c.tools().exec().enabled()).isFalse();
        assertThat(c.tools().webFetch().allowPrivateAddresses()).isFalse();
        assertThat(c.server().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void onboardTemplateIsItselfAValidConfig() throws IOException {
        TetherConfig c = load(ConfigLoader.defaultTemplate());
        assertThat(c.agent().maxIterations()).isEqualTo(20);
    }

    @Test
    void unknownKeySuggestsTheClosestKnownKey() {
        assertThatThrownBy(() -> load("{\"agent\": {\"modle\": \"local\"}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Unknown key 'agent.modle' in " + file() + ". Did you mean 'agent.model'?");
    }

    @Test
    void unknownTopLevelKeyWithoutCloseMatchListsKnownKeys() {
        assertThatThrownBy(() -> load("{\"telemetry\": true}"))
                .hasMessageContaining("Unknown key 'telemetry' in " + file())
                .hasMessageContaining("Known keys: agent, models, retry");
    }

    @Test
    void unknownKeyInsideAModelEntryIsCheckedAgainstTheModelTemplate() {
        assertThatThrownBy(() -> load("{\"models\": {\"gpt\": {\"base_url\": \"https://api.openai.com/v1\"}}}"))
                .hasMessage("Unknown key 'models.gpt.base_url' in " + file() + ". Did you mean 'models.gpt.base-url'?");
    }

    @Test
    void wrongTypeNamesKeyExpectedTypeAndValue() {
        assertThatThrownBy(() -> load("{\"agent\": {\"max-iterations\": \"many\"}}"))
                .hasMessage("Key 'agent.max-iterations' in " + file() + " must be a whole number but was \"many\".");
        assertThatThrownBy(() -> load("{\"tools\": {\"exec\": {\"enabled\": \"yes\"}}}"))
                .hasMessageContaining("Key 'tools.exec.enabled' in " + file() + " must be true or false");
    }

    @Test
    void outOfRangeValueNamesKeyRangeAndValue() {
        assertThatThrownBy(() -> load("{\"agent\": {\"max-iterations\": 0}}"))
                .hasMessage("Bad value in " + file() + ": agent.max-iterations must be between 1 and 1000 but was 0.");
    }

    @Test
    void tokenRecheckIsTenSecondsByDefaultAndKeptWithinItsRange() throws IOException {
        assertThat(load("{}").server().tokenRecheck()).isEqualTo(Duration.ofSeconds(10));
        assertThat(load("{}", "server.token-recheck=200ms").server().tokenRecheck()).isEqualTo(Duration.ofMillis(200));
        assertThatThrownBy(() -> load("{\"server\": {\"token-recheck\": \"50ms\"}}"))
                .hasMessage("Bad value in " + file() + ": server.token-recheck must be a duration from 100ms to 1h but"
                        + " was 50ms.");
        assertThatThrownBy(() -> load("{}", "server.token-recheck=2h"))
                .hasMessageContaining("server.token-recheck must be a duration from 100ms to 1h but was 2h");
    }

    @Test
    void corsIsOffByDefault() {
        TetherConfig c = ConfigLoader.load(home, home.resolve("absent.json"), n -> null, List.of());
        assertThat(c.server().corsOrigins()).isEmpty();
    }

    @Test
    void corsOriginsAreKeptInTheFormBrowsersSend() throws IOException {
        TetherConfig c = load("{\"server\": {\"cors-origins\": [\"HTTPS://Chat.Example.com/\", \"http://localhost:5173\", "
                + "\"https://a.example:443\", \"http://b.example:80\", \"${APP_ORIGIN}\"]}}",
                Map.of("APP_ORIGIN", "http://127.0.0.1:3000"));
        assertThat(c.server().corsOrigins()).containsExactly("https://chat.example.com", "http://localhost:5173",
                "https://a.example", "http://b.example", "http://127.0.0.1:3000");
    }

    @Test
    void corsOriginsCanBeSetOnTheCommandLine() throws IOException {
        TetherConfig c = load("{}", "server.cors-origins=[\"https://chat.example.com\"]");
        assertThat(c.server().corsOrigins()).containsExactly("https://chat.example.com");
    }

    @Test
    void aCorsWildcardIsRefusedWithWhatToWriteInstead() {
        assertThatThrownBy(() -> load("{\"server\": {\"cors-origins\": [\"*\"]}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Bad value in " + file() + ": server.cors-origins cannot contain \"*\"")
                .hasMessageContaining("such as \"https://chat.example.com\"");
    }

    @Test
    void aCorsEntryThatIsNotAnOriginIsRefusedNamingIt() {
        for (String bad : new String[] {"chat.example.com", "ftp://files.example.com", "https://chat.example.com/app",
                "https://chat.example.com?x=1", "https://user@chat.example.com", "http://"}) {
            assertThatThrownBy(() -> load("{\"server\": {\"cors-origins\": [\"" + bad + "\"]}}"))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("server.cors-origins entry \"" + bad + "\"")
                    .hasMessageContaining("\"http://localhost:5173\"");
        }
    }

    @Test
    void badDurationSaysTheFormat() {
        assertThatThrownBy(() -> load("{\"retry\": {\"max-backoff\": \"soon\"}}"))
                .hasMessageContaining("retry.max-backoff")
                .hasMessageContaining("expected a duration such as \"500ms\", \"30s\"");
    }

    @Test
    void badBaseUrlShowsAnExample() {
        assertThatThrownBy(() -> load("{\"models\": {\"local\": {\"base-url\": \"localhost:8000\"}}}"))
                .hasMessageContaining("models.local.base-url must start with http:// or https:// but was 'localhost:8000'")
                .hasMessageContaining("Example: http://127.0.0.1:8000/v1");
    }

    @Test
    void invalidJsonNamesLineAndColumn() {
        assertThatThrownBy(() -> load("{\n  \"agent\": {\n    \"model\" \"x\"\n  }\n}"))
                .hasMessageContaining("is not valid JSON at line 3")
                .hasMessageContaining("tether onboard --force");
    }

    @Test
    void commentsAndTrailingCommasAreAccepted() throws IOException {
        TetherConfig c = load("// mine\n{ \"agent\": { \"max-iterations\": 7, }, /* ok */ }");
        assertThat(c.agent().maxIterations()).isEqualTo(7);
    }

    @Test
    void environmentVariablesAreSubstituted() throws IOException {
        TetherConfig c = load("{\"models\": {\"local\": {\"api-key\": \"${MY_KEY}\", \"model\": \"${M:-qwen}\"}}}",
                Map.of("MY_KEY", "sk-123"));
        assertThat(c.mainModel().apiKey()).isEqualTo("sk-123");
        assertThat(c.mainModel().model()).isEqualTo("qwen");
    }

    @Test
    void missingEnvironmentVariableIsNamedWithTheKey() {
        assertThatThrownBy(() -> load("{\"models\": {\"local\": {\"api-key\": \"${OPENAI_API_KEY}\"}}}"))
                .hasMessage("Key 'models.local.api-key' in " + file() + " uses ${OPENAI_API_KEY}, but that environment "
                        + "variable is not set. Export it, write the value in the file, or give a default: "
                        + "${OPENAI_API_KEY:-value}.");
    }

    @Test
    void newModelEntryInheritsTemplateDefaults() throws IOException {
        TetherConfig c = load("{\"agent\": {\"model\": \"ds\", \"fallbacks\": [\"local\"]}, \"models\": {\"ds\": "
                + "{\"base-url\": \"https://api.deepseek.com/v1\", \"model\": \"deepseek-chat\"}}}");
        assertThat(c.mainModel().model()).isEqualTo("deepseek-chat");
        assertThat(c.mainModel().provider()).isEqualTo("openai");
        assertThat(c.mainModel().firstTokenTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.agent().fallbacks()).containsExactly("local");
    }

    @Test
    void agentModelMustNameAModelEntry() {
        assertThatThrownBy(() -> load("{\"agent\": {\"model\": \"gpt\"}}"))
                .hasMessage("agent.model in " + file() + " is 'gpt', but 'models' has no entry of that name. "
                        + "Use one of [local], or add models.gpt.");
        assertThatThrownBy(() -> load("{\"agent\": {\"fallbacks\": [\"nope\"]}}"))
                .hasMessageContaining("agent.fallbacks in " + file() + " names 'nope'");
    }

    @Test
    void commandLineOverridesWinOverTheFile() throws IOException {
        TetherConfig c = load("{\"agent\": {\"max-iterations\": 7}}", "agent.max-iterations=3",
                "models.local.base-url=http://127.0.0.1:11434/v1", "models.local.model=llama3.2");
        assertThat(c.agent().maxIterations()).isEqualTo(3);
        assertThat(c.mainModel().baseUrl()).isEqualTo("http://127.0.0.1:11434/v1");
        assertThat(c.mainModel().model()).isEqualTo("llama3.2");
    }

    @Test
    void overrideOfUnknownKeyIsRefusedWithSuggestion() {
        assertThatThrownBy(() -> load("{}", "agent.max-iteration=3"))
                .hasMessage("Unknown key 'agent.max-iteration' in --set agent.max-iteration. "
                        + "Did you mean 'agent.max-iterations'?");
        assertThatThrownBy(() -> load("{}", "nonsense"))
                .hasMessageContaining("must look like key.path=value");
    }

    @Test
    void relativePathsResolveAgainstHomeAndTildeAgainstUserHome() throws IOException {
        TetherConfig c = load("{\"workspace\": \"ws\", \"store\": {\"path\": \"~/x.db\"}}");
        assertThat(c.workspace()).isEqualTo(home.resolve("ws"));
        assertThat(c.store().path()).isEqualTo(Path.of(System.getProperty("user.home"), "x.db"));
    }

    @Test
    void tetherHomeComesFromTheEnvironment() {
        assertThat(ConfigLoader.defaultHome(Map.of("TETHER_HOME", home.toString())::get)).isEqualTo(home);
        assertThat(ConfigLoader.defaultHome(n -> null))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".tether"));
    }

    @Test
    void printedConfigRedactsSecrets() throws IOException {
        TetherConfig c = load("{\"models\": {\"local\": {\"api-key\": \"sk-secret\"}}, \"store\": {\"password\": \"pw\"}}");
        String printed = ConfigPrinter.redacted(c);
        assertThat(printed).doesNotContain("sk-secret").doesNotContain("\"pw\"").contains("***redacted***")
                .contains("\"first-token-timeout\" : \"1m\"");
    }
}
