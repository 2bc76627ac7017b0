package dev.tether.model.openai;

import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.tether.api.CancelSignal;
import dev.tether.api.model.ChatModel;
import dev.tether.api.model.ModelEvent;
import dev.tether.api.model.ModelInfo;
import dev.tether.api.model.ModelReply;
import dev.tether.api.model.ModelRequest;
import dev.tether.api.model.ModelSettings;
import dev.tether.model.openai.internal.Failures;
import dev.tether.model.openai.internal.LangChainChatModel;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link ChatModel} for servers speaking the OpenAI Chat Completions API: vLLM, Ollama ({@code /v1}),
 * LM Studio, llama.cpp server, OpenAI, DeepSeek, DashScope and others. Streams over SSE with usage reporting.
 *
 * <p>Follows the {@link ChatModel} contract: blocks the calling thread; cancel closes the HTTP connection
 * so the server stops generating; no event within {@link ModelSettings#firstTokenTimeout()} (before the
 * first or between two) aborts the stream with {@link dev.tether.api.model.ModelException.Timeout}. Without
 * an API key a placeholder is sent, which local servers ignore. Nothing is retried here: retry is the
 * caller's decision, by {@link dev.tether.api.model.ModelException#retriable()}. Thread-safe; one instance
 * serves concurrent calls over a shared connection pool. Construction does no network I/O.
 */
public final class OpenAiChatModel implements ChatModel {
    /** The provider id used in config and in {@link ModelInfo#provider()}. */
    public static final String PROVIDER = "openai";
    /** Sent when no key is configured: local servers ignore it; hosted APIs answer 401 (Rejected). */
    static final String NO_KEY = "sk-no-key-required";

    private final LangChainChatModel delegate;

    /**
     * @throws IllegalArgumentException naming the bad setting, if the base URL is not http(s) or the model is blank
     */
    public OpenAiChatModel(ModelSettings settings) {
        Settings.validate(settings);
        ModelInfo info = new ModelInfo(PROVIDER, settings.model(), settings.baseUrl());
        Failures failures = new Failures(info, "Start your model server (for example vLLM, Ollama or llama.cpp)"
                + " or set model.base-url in config.json.", t -> Optional.empty());
        this.delegate = new LangChainChatModel(settings, 0, http -> OpenAiStreamingChatModel.builder()
                .httpClientBuilder(http)
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey().filter(k -> !k.isBlank()).orElse(NO_KEY))
                .modelName(settings.model())
                .temperature(settings.temperature().orElse(null))
                .logRequests(false)
                .logResponses(false)
                .build(), failures);
    }

    @Override
    public ModelInfo info() {
        return delegate.info();
    }

    @Override
    public ModelReply stream(ModelRequest request, Consumer<ModelEvent> onEvent, CancelSignal cancel) {
        return delegate.stream(request, onEvent, cancel);
    }
}
