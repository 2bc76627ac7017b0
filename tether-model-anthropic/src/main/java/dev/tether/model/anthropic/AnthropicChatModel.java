package dev.tether.model.anthropic;

import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.anthropic.internal.api.AnthropicStreamingException;
import dev.tether.api.CancelSignal;
import dev.tether.api.model.ChatModel;
import dev.tether.api.model.ModelEvent;
import dev.tether.api.model.ModelException;
import dev.tether.api.model.ModelInfo;
import dev.tether.api.model.ModelReply;
import dev.tether.api.model.ModelRequest;
import dev.tether.api.model.ModelSettings;
import dev.tether.model.anthropic.internal.Failures;
import dev.tether.model.anthropic.internal.LangChainChatModel;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link ChatModel} for the Anthropic Messages API (or a proxy speaking it), streamed over SSE.
 *
 * <p>Follows the {@link ChatModel} contract: blocks the calling thread; cancel closes the HTTP connection
 * so the server stops generating; no event within {@link ModelSettings#firstTokenTimeout()} (before the
 * first or between two) aborts the stream with {@link ModelException.Timeout}. An {@code error} event in the
 * middle of a stream maps by its type ({@code overloaded_error} is a retriable server error). The Messages API
 * requires an output limit: when neither the request nor the settings give one, {@value #DEFAULT_MAX_TOKENS}
 * is sent. Nothing is retried here. Thread-safe; construction does no network I/O.
 */
public final class AnthropicChatModel implements ChatModel {
    /** The provider id used in config and in {@link ModelInfo#provider()}. */
    public static final String PROVIDER = "anthropic";
    /** The output limit sent when none is configured. */
    public static final int DEFAULT_MAX_TOKENS = 4096;
    /** Sent when no key is configured, so a local proxy that ignores keys still works; the real API answers 401. */
    static final String NO_KEY = "no-key-configured";

    private final LangChainChatModel delegate;

    /**
     * @throws IllegalArgumentException naming the bad setting, if the base URL is not http(s) or the model is blank
     */
    public AnthropicChatModel(ModelSettings settings) {
        Settings.validate(settings);
        ModelInfo info = new ModelInfo(PROVIDER, settings.model(), settings.baseUrl());
        Failures failures = new Failures(info, "Check the network and any proxy, or set model.base-url in"
                + " config.json.", t -> streamError(info, t));
        this.delegate = new LangChainChatModel(settings, DEFAULT_MAX_TOKENS, http -> AnthropicStreamingChatModel.builder()
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

    /** An {@code event: error} in the middle of a stream, mapped by its error type. */
    private static Optional<ModelException> streamError(ModelInfo info, Throwable t) {
        if (!(t instanceof AnthropicStreamingException e)) {
            return Optional.empty();
        }
        String where = info.id() + " at " + info.baseUrl();
        String detail = e.type() + ": " + e.getMessage();
        return Optional.of(switch (String.valueOf(e.type())) {
            case "rate_limit_error" -> new ModelException.RateLimited(info, where + " is rate limited mid-reply ("
                    + detail + "). Send fewer requests or raise the account's limit.", null, e);
            case "overloaded_error" -> new ModelException.ServerError(info, 529, where + " is overloaded (" + detail
                    + "). This is usually temporary; retry later.", null, e);
            case "invalid_request_error" -> new ModelException.Rejected(info, 400, where + " rejected the request"
                    + " mid-reply (" + detail + "). Check the model settings.", e);
            default -> new ModelException.ServerError(info, 500, where + " failed mid-reply (" + detail
                    + "). This is usually temporary; retry later or check the service status.", null, e);
        });
    }
}
