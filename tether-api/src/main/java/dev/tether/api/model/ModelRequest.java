package dev.tether.api.model;

import dev.tether.api.tool.ToolSpec;
import java.util.List;

/**
 * One request to a model.
 *
 * @param messages the context, oldest first; must not be empty
 * @param tools the tools the model may call; empty for none
 * @param maxOutputTokens upper bound on the reply length; 0 means the provider's default
 */
public record ModelRequest(List<ChatMessage> messages, List<ToolSpec> tools, int maxOutputTokens) {
    public ModelRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("ModelRequest needs at least one message: messages was empty");
        }
        if (maxOutputTokens < 0) {
            throw new IllegalArgumentException("maxOutputTokens < 0: " + maxOutputTokens);
        }
    }

    public ModelRequest(List<ChatMessage> messages) {
        this(messages, List.of(), 0);
    }
}
