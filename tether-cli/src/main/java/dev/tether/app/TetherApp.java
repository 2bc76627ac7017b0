package dev.tether.app;

import dev.tether.agent.Agent;
import dev.tether.agent.AgentSettings;
import dev.tether.agent.ToolRegistry;
import dev.tether.config.TetherConfig;
import dev.tether.memory.MemoryConsolidator;
import dev.tether.model.RoutedChatModel;
import dev.tether.store.ConversationStore;
import dev.tether.store.JobStore;
import dev.tether.workspace.Workspace;
import dev.tether.workspace.Workspaces;
import java.util.List;
import java.util.Optional;

/**
 * A running Tether: store, models, tools, memory and agent built from one configuration. Close it to stop
 * background work and release the store.
 */
public final class TetherApp implements AutoCloseable {
    private final TetherConfig config;
    private final Workspace workspace;
    private final ConversationStore store;
    private final RoutedChatModel model;
    private final Optional<MemoryConsolidator> memory;
    private final Agent agent;

    private TetherApp(TetherConfig config) {
        this.config = config;
        this.workspace = new Workspace(config.workspace());
        workspace.initialise();
        this.model = Models.routed(config);
        this.store = Stores.open(config.store());
        Workspaces workspaces = Workspaces.perUser(workspace, config.userWorkspaces());
        this.memory = config.memory().enabled()
                ? Optional.of(new MemoryConsolidator(store, model, workspaces))
                : Optional.empty();
        var a = config.agent();
        AgentSettings settings = new AgentSettings(a.maxIterations(), a.contextTokens(), a.maxOutputTokens(),
                a.checkpointInterval(), config.memory().maxChars());
        ToolRegistry tools = new ToolRegistry(Tools.enabled(config.tools()), List.of());
        this.agent = new Agent(new Agent.Parts(settings, store, model, tools, workspaces, memory));
    }

    public static TetherApp start(TetherConfig config) {
        return new TetherApp(config);
    }

    public TetherConfig config() {
        return config;
    }

    public Workspace workspace() {
        return workspace;
    }

    public ConversationStore store() {
        return store;
    }

    public RoutedChatModel model() {
        return model;
    }

    public Agent agent() {
        return agent;
    }

    /** The memory consolidator, when memory is on. */
    public Optional<MemoryConsolidator> memory() {
        return memory;
    }

    /** The store's durable job queue half (both built-in stores keep one). */
    public JobStore jobs() {
        if (store instanceof JobStore jobs) {
            return jobs;
        }
        throw new IllegalStateException("The configured store " + store + " keeps no job queue; use the sqlite or "
                + "postgres store.");
    }

    @Override
    public void close() {
        memory.ifPresent(MemoryConsolidator::close);
        model.close();
        store.close();
    }
}
