package dev.tether.model.anthropic;

import dev.tether.api.model.ChatModel;
import dev.tether.api.model.ModelProvider;
import dev.tether.api.model.ModelSettings;

/**
 * The {@code anthropic} provider: {@link AnthropicChatModel}s for the Anthropic Messages API. Registered in
 * {@code META-INF/services/dev.tether.api.model.ModelProvider}; {@link #create} does no network I/O.
 */
public final class AnthropicModelProvider implements ModelProvider {

    @Override
    public String id() {
        return AnthropicChatModel.PROVIDER;
    }

    @Override
    public ChatModel create(ModelSettings settings) {
        return new AnthropicChatModel(settings);
    }
}
