package dev.tether.api.hook;

import dev.tether.api.model.ToolCall;
import dev.tether.api.tool.ToolResult;

/**
 * Observes agent steps. Every method has a default that does nothing, so a hook overrides only what it
 * needs. Hooks run on the turn's virtual thread; an exception from a hook is logged and ignored.
 */
public interface AgentHook {

    /**
     * Called before a tool runs. Return {@link HookDecision#allow()} to let it run, or
     * {@link HookDecision#deny(String)} to answer the model with that reason instead.
     */
    default HookDecision beforeToolCall(String conversationId, ToolCall call) {
        return HookDecision.allow();
    }

    /** Called after a tool ran (or was denied). */
    default void afterToolCall(String conversationId, ToolCall call, ToolResult result) {
    }
}
