package dev.tether.model.openai;

import dev.tether.api.model.ChatModel;
import dev.tether.api.model.ModelProvider;
import dev.tether.api.model.ModelSettings;

/**
 * The {@code openai} provider: {@link OpenAiChatModel}s for any OpenAI-compatible server. Registered in
 * {@code META-INF/services/dev.tether.api.model.ModelProvider}; {@link #create} does no network I/O.
 */
public final class OpenAiModelProvider implements ModelProvider {

    @Override
    public String id() {
        return OpenAiChatModel.PROVIDER;
    }

    @Override
    public ChatModel create(ModelSettings settings) {
        return new OpenAiChatModel(settings);
    }
}
