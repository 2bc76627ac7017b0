package dev.tether.agent;

import dev.tether.api.model.ChatModel;
import dev.tether.api.model.ModelSettings;
import dev.tether.api.tool.Tool;
import dev.tether.memory.MemoryConsolidator;
import dev.tether.model.openai.OpenAiModelProvider;
import dev.tether.store.ConversationStore;
import dev.tether.store.sqlite.SqliteConversationStore;
import dev.tether.testkit.model.FakeModelServer;
import dev.tether.testkit.model.FakeOpenAiServer;
import dev.tether.tools.BuiltinTools;
import dev.tether.workspace.Workspace;
import dev.tether.workspace.Workspaces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real agent over a real SQLite store, the real OpenAI adapter and a fake model server on loopback. */
final class AgentHarness implements AutoCloseable {
    final FakeModelServer server = FakeOpenAiServer.start();
    final Workspace workspace;
    final Workspaces workspaces;
    final ConversationStore store;
    final ChatModel model;
    final Agent agent;
    final List<AgentEvent> events = new CopyOnWriteArrayList<>();

    AgentHarness(Path dir, AgentSettings settings) {
        this(dir, settings, Optional.empty());
    }

    AgentHarness(Path dir, AgentSettings settings, Optional<ChatModel> memoryModel) {
        workspace = new Workspace(dir.resolve("workspace"));
        workspace.initialise();
        workspaces = Workspaces.perUser(workspace, dir.resolve("users"));
        store = SqliteConversationStore.open(dir.resolve("data/tether.db"));
        model = modelFor(server, Duration.ofSeconds(10));
        Optional<MemoryConsolidator> memory = memoryModel.map(m -> new MemoryConsolidator(store, m, workspaces));
        List<Tool> tools = BuiltinTools.fileTools();
        agent = new Agent(new Agent.Parts(settings, store, model, new ToolRegistry(tools, List.of()), workspaces, memory));
    }

    static ChatModel modelFor(FakeModelServer server, Duration firstTokenTimeout) {
        ModelSettings s = ModelSettings.of(server.baseUrl(), server.model());
        return new OpenAiModelProvider().create(new ModelSettings(s.baseUrl(), s.model(), s.apiKey(),
                s.connectTimeout(), firstTokenTimeout, s.temperature(), 0));
    }

    AgentListener recorder() {
        return events::add;
    }

    /** A conversation of the operator (the terminal chat's user), whose workspace is {@link #workspace}. */
    String newConversation() {
        return store.createConversation("cli", "test").id();
    }

    List<Class<?>> eventTypes() {
        return events.stream().<Class<?>>map(Object::getClass).toList();
    }

    @Override
    public void close() {
        store.close();
        server.close();
    }
}
