package dev.tether.ui;

import dev.tether.agent.Agent;
import dev.tether.agent.AgentSettings;
import dev.tether.agent.ToolRegistry;
import dev.tether.api.model.ModelSettings;
import dev.tether.config.ConfigLoader;
import dev.tether.config.ServerConfig;
import dev.tether.gateway.Authenticator;
import dev.tether.model.openai.OpenAiModelProvider;
import dev.tether.server.TetherServer;
import dev.tether.store.ConversationStore;
import dev.tether.store.sqlite.SqliteConversationStore;
import dev.tether.testkit.model.FakeOpenAiServer;
import dev.tether.tools.BuiltinTools;
import dev.tether.workspace.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real server (Javalin, SQLite, the OpenAI adapter, the file tools) on an ephemeral loopback port with a
 * fake model: what the browser tests talk to. A copy of the gateway tests' ServerHarness.
 */
final class UiServer implements AutoCloseable {
    final FakeOpenAiServer model = FakeOpenAiServer.start();
    final ConversationStore store;
    final TetherServer server;
    final ServerConfig config;
    final Workspace workspace;
    final String user;

    UiServer(Path dir, String... serverOverrides) {
        this(dir, Authenticator.none(), "local", serverOverrides);
    }

    UiServer(Path dir, Authenticator auth, String user, String... serverOverrides) {
        this.user = user;
        List<String> overrides = new ArrayList<>(List.of("server.port=0"));
        for (String o : serverOverrides) {
            overrides.add("server." + o);
        }
        config = ConfigLoader.load(dir, dir.resolve("none.json"), n -> null, overrides).server();
        workspace = new Workspace(dir.resolve("workspace"));
        workspace.initialise();
        store = SqliteConversationStore.open(dir.resolve("tether.db"));
        var chat = new OpenAiModelProvider().create(ModelSettings.of(model.baseUrl(), model.model()));
        Agent agent = new Agent(new Agent.Parts(new AgentSettings(5, 16_000, 0, Duration.ofSeconds(1), 0), store, chat,
                new ToolRegistry(BuiltinTools.fileTools(), List.of()), workspace, Optional.empty()));
        server = TetherServer.start(new TetherServer.Parts(config, store, agent, auth));
    }

    int port() {
        return server.port();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    String conversation(String title) {
        return store.createConversation(user, title).id();
    }

    @Override
    public void close() {
        server.close(Duration.ofSeconds(2));
        store.close();
        model.close();
    }
}
