package dev.tether.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The whole configuration, after defaults, the file, environment substitution and overrides. Paths are
 * absolute. See {@code default-config.jsonc} for what every key means.
 */
public record TetherConfig(AgentConfig agent, Map<String, ModelConfig> models, RetryConfig retry, Path workspace,
                           Path userWorkspaces, StoreConfig store, ToolsConfig tools, MemoryConfig memory,
                           QueueConfig queue, ServerConfig server) {
    public TetherConfig {
        Objects.requireNonNull(agent, "agent");
        models = Map.copyOf(models);
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(userWorkspaces, "userWorkspaces");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(server, "server");
    }

    /** The model named by {@code agent.model}. */
    public ModelConfig mainModel() {
        return models.get(agent.model());
    }
}
