package dev.tether.agent;

import dev.tether.api.hook.AgentHook;
import dev.tether.api.hook.HookDecision;
import dev.tether.api.model.ToolCall;
import dev.tether.api.tool.Tool;
import dev.tether.api.tool.ToolArgumentException;
import dev.tether.api.tool.ToolArguments;
import dev.tether.api.tool.ToolContext;
import dev.tether.api.tool.ToolResult;
import dev.tether.api.tool.ToolSpec;
import dev.tether.config.Suggest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enabled tools and the hooks around them. {@link #execute} never throws: an unknown tool, bad arguments,
 * a hook's veto or a tool's exception all become a {@link ToolResult.Failure} written for the model.
 */
public final class ToolRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ToolRegistry.class);
    private final Map<String, Tool> tools = new LinkedHashMap<>();
    private final List<AgentHook> hooks;

    public ToolRegistry(List<? extends Tool> tools, List<AgentHook> hooks) {
        for (Tool tool : tools) {
            String name = tool.spec().name();
            if (this.tools.putIfAbsent(name, tool) != null) {
                throw new IllegalArgumentException("Two tools are named '" + name + "'; tool names must be unique");
            }
        }
        this.hooks = List.copyOf(hooks);
    }

    public static ToolRegistry empty() {
        return new ToolRegistry(List.of(), List.of());
    }

    public List<ToolSpec> specs() {
        return tools.values().stream().map(Tool::spec).toList();
    }

    public ToolResult execute(ToolCall call, ToolContext context) {
        ToolResult result = run(call, context);
        for (AgentHook hook : hooks) {
            try {
                hook.afterToolCall(context.conversationId(), call, result);
            } catch (RuntimeException e) {
                LOG.warn("Hook {} failed after tool {}: {}", hook.getClass().getName(), call.name(), e.toString(), e);
            }
        }
        return result;
    }

    private ToolResult run(ToolCall call, ToolContext context) {
        Tool tool = tools.get(call.name());
        if (tool == null) {
            String closest = Suggest.closest(call.name(), tools.keySet());
            return ToolResult.failure("There is no tool named '" + call.name() + "'",
                    closest != null ? "Did you mean '" + closest + "'?" : "Available tools: " + String.join(", ", tools.keySet()));
        }
        for (AgentHook hook : hooks) {
            try {
                if (hook.beforeToolCall(context.conversationId(), call) instanceof HookDecision.Deny deny) {
                    return ToolResult.failure("The call to " + call.name() + " was refused: " + deny.reason(),
                            "Do not retry this call; tell the user why it was refused.");
                }
            } catch (RuntimeException e) {
                LOG.warn("Hook {} failed before tool {}: {}", hook.getClass().getName(), call.name(), e.toString(), e);
            }
        }
        try {
            return tool.execute(ToolArguments.parse(call.argumentsJson()), context);
        } catch (ToolArgumentException e) {
            return ToolResult.failure(e.getMessage(), "Call " + call.name() + " again with arguments that match its parameters.");
        } catch (RuntimeException e) {
            LOG.warn("Tool {} threw on {}: {}", call.name(), call.argumentsJson(), e.toString(), e);
            return ToolResult.failure(call.name() + " failed: " + e.getMessage(), "Check the arguments, or try another way.");
        }
    }
}
