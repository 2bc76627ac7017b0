package dev.tether.app;

import dev.tether.api.model.ChatModel;
import dev.tether.api.model.ModelProvider;
import dev.tether.api.model.ModelSettings;
import dev.tether.config.ConfigException;
import dev.tether.config.ModelConfig;
import dev.tether.config.TetherConfig;
import dev.tether.model.RetryPolicy;
import dev.tether.model.RoutedChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Builds models from config through the {@link ModelProvider}s found on the class path. */
public final class Models {
    private Models() {
    }

    /** All providers on the class path, by id. */
    public static Map<String, ModelProvider> providers() {
        Map<String, ModelProvider> byId = new TreeMap<>();
        ServiceLoader.load(ModelProvider.class).forEach(p -> byId.put(p.id(), p));
        return byId;
    }

    /** The main model followed by its fallbacks, with retries, as one model. */
    public static RoutedChatModel routed(TetherConfig config) {
        List<ChatModel> chain = new ArrayList<>();
        chain.add(create(config.agent().model(), config.mainModel(), config));
        for (String name : config.agent().fallbacks()) {
            chain.add(create(name, config.models().get(name), config));
        }
        var retry = config.retry();
        return new RoutedChatModel(chain, new RetryPolicy(retry.maxAttempts(), retry.initialBackoff(), retry.maxBackoff()));
    }

    public static ChatModel create(String name, ModelConfig model, TetherConfig config) {
        ModelProvider provider = providers().get(model.provider());
        if (provider == null) {
            throw new ConfigException("models." + name + ".provider is '" + model.provider()
                    + "', which no installed provider handles. Use one of " + providers().keySet() + ".");
        }
        ModelSettings settings = new ModelSettings(model.baseUrl(), model.model(),
                model.apiKey().isBlank() ? Optional.empty() : Optional.of(model.apiKey()),
                model.connectTimeout(), model.firstTokenTimeout(), model.temperature(), config.agent().maxOutputTokens());
        return provider.create(settings);
    }
}
