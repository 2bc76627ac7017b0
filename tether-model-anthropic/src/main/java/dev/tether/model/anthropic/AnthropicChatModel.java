package dev.tether.model.anthropic;

import dev.tether.api.model.ChatModel;
import dev.tether.api.model.ModelException;
import dev.tether.api.model.ModelInfo;
import dev.tether.api.model.ModelSettings;
import dev.tether.model.langchain4j.LangChainChatModel;

/**
 * A {@link ChatModel} for the Anthropic Messages API (or a proxy speaking it), streamed over SSE.
 *
 * <p>Follows the {@link ChatModel} contract as every {@link LangChainChatModel} does: blocks the calling thread;
 * cancel closes the HTTP connection so the server stops generating; no event within
 * {@link ModelSettings#firstTokenTimeout()} (before the first or between two) aborts the stream with
 * {@link ModelException.Timeout}; {@link #close()} cancels calls in flight and releases the HTTP client. An
 * {@code error} event in the middle of a stream maps by its type ({@code overloaded_error} is a retriable
 * server error). The Messages API requires an output limit: when neither the request nor the settings give
 * one, {@value #DEFAULT_MAX_TOKENS} is sent. Nothing is retried here. Thread-safe; construction does no
 * network I/O.
 */
public final class AnthropicChatModel extends LangChainChatModel {
    /** The provider id used in config and in {@link ModelInfo#provider()}. */
    public static final String PROVIDER = "anthropic";
    /** The output limit sent when none is configured. */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    /**
     * A model for the API at {@code settings.baseUrl()}; does no network I/O.
     *
     * @throws IllegalArgumentException naming the config key to fix, if a setting is invalid
     */
    public AnthropicChatModel(ModelSettings settings) {
        super(settings, new AnthropicBackend());
    }
}
