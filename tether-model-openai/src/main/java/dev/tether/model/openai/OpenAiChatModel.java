package dev.tether.model.openai;

import dev.tether.api.model.ChatModel;
import dev.tether.api.model.ModelInfo;
import dev.tether.api.model.ModelSettings;
import dev.tether.model.langchain4j.LangChainChatModel;

/**
 * A {@link ChatModel} for servers speaking the OpenAI Chat Completions API: vLLM, Ollama ({@code /v1}),
 * LM Studio, llama.cpp server, OpenAI, DeepSeek, DashScope and others. Streams over SSE with usage reporting.
 *
 * <p>Follows the {@link ChatModel} contract as every {@link LangChainChatModel} does: blocks the calling thread;
 * cancel closes the HTTP connection so the server stops generating; no event within
 * {@link ModelSettings#firstTokenTimeout()} (before the first or between two) aborts the stream with
 * {@link dev.tether.api.model.ModelException.Timeout}; {@link #close()} cancels calls in flight and releases
 * the HTTP client. Without an API key a placeholder is sent, which local servers ignore. Nothing is retried
 * here: retry is the caller's decision, by {@link dev.tether.api.model.ModelException#retriable()}.
 * Thread-safe; one instance serves concurrent calls over a shared connection pool. Construction does no
 * network I/O.
 */
public final class OpenAiChatModel extends LangChainChatModel {
    /** The provider id used in config and in {@link ModelInfo#provider()}. */
    public static final String PROVIDER = "openai";

    /**
     * A model for the server at {@code settings.baseUrl()}; does no network I/O.
     *
     * @throws IllegalArgumentException naming the config key to fix, if a setting is invalid
     */
    public OpenAiChatModel(ModelSettings settings) {
        super(settings, new OpenAiBackend());
    }
}
