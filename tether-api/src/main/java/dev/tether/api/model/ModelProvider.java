package dev.tether.api.model;

/**
 * Creates {@link ChatModel}s for one provider id (for example {@code openai} or {@code anthropic}).
 * Implementations are registered in {@code META-INF/services/dev.tether.api.model.ModelProvider} and must
 * have a public no-argument constructor. {@link #create} must not do network I/O.
 */
public interface ModelProvider {

    /** The id used in config ({@code "provider": "openai"}). Lower case, no spaces. */
    String id();

    /** Builds a model for these settings; throws {@link IllegalArgumentException} naming a bad setting. */
    ChatModel create(ModelSettings settings);
}
