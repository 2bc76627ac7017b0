package dev.tether.model.anthropic;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.anthropic.internal.api.AnthropicStreamingException;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.tether.api.model.ModelException;
import dev.tether.api.model.ModelInfo;
import dev.tether.api.model.ModelSettings;
import dev.tether.model.langchain4j.CompactJson;
import dev.tether.model.langchain4j.LangChainBackend;
import java.util.Optional;

/**
 * What is Anthropic-specific about an {@link AnthropicChatModel}: LangChain4j's Anthropic model, the required
 * output limit, and the mapping of {@code event: error} in the middle of a stream.
 */
final class AnthropicBackend implements LangChainBackend {
    static {
        CompactJson.compact("dev.langchain4j.model.anthropic.internal.client.Json"); // request bodies without indentation
    }

    /** Sent when no key is configured, so a local proxy that ignores keys still works; the real API answers 401. */
    static final String NO_KEY = "no-key-configured";

    @Override
    public String provider() {
        return AnthropicChatModel.PROVIDER;
    }

    @Override
    public StreamingChatModel streamingModel(ModelSettings settings, HttpClientBuilder http) {
        return AnthropicStreamingChatModel.builder().httpClientBuilder(http).baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey().filter(k -> !k.isBlank()).orElse(NO_KEY))
                .build();
    }

    @Override
    public String unreachableHint() {
        return "Check the network and any proxy, or point base-url in the models section of config.json at the"
                + " Anthropic API.";
    }

    @Override
    public String exampleBaseUrl() {
        return "https://api.anthropic.com/v1";
    }

    @Override
    public String exampleModel() {
        return "claude-sonnet-4-5";
    }

    @Override
    public int defaultMaxOutputTokens() {
        return AnthropicChatModel.DEFAULT_MAX_TOKENS;
    }

    /** An {@code event: error} in the middle of a stream, mapped by its error type. */
    @Override
    public Optional<ModelException> mapError(ModelInfo info, Throwable t) {
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
