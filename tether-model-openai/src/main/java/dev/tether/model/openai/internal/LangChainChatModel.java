package dev.tether.model.openai.internal;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.tether.api.CancelSignal;
import dev.tether.api.model.ChatModel;
import dev.tether.api.model.FinishReason;
import dev.tether.api.model.ModelEvent;
import dev.tether.api.model.ModelInfo;
import dev.tether.api.model.ModelReply;
import dev.tether.api.model.ModelRequest;
import dev.tether.api.model.ModelSettings;
import dev.tether.api.model.TokenUsage;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link ChatModel} on top of a LangChain4j {@link StreamingChatModel}. A LangChain4j model is built per
 * call around an HTTP client bound to that call, so cancel and the first-token watchdog can abort exactly that
 * call's HTTP exchange; the JDK client (connection pool, virtual-thread executor) is shared by all calls.
 * Thread-safe.
 */
public final class LangChainChatModel implements ChatModel {
    private final ModelInfo info;
    private final ModelSettings settings;
    private final int defaultMaxOutputTokens;
    private final Function<HttpClientBuilder, StreamingChatModel> factory;
    private final Failures failures;
    private final HttpClient http;
    private final ExecutorService streamReaders = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param defaultMaxOutputTokens the limit when neither the request nor the settings set one; 0 for none
     * @param factory builds the provider's LangChain4j model around the given HTTP client builder; must not do I/O
     */
    public LangChainChatModel(ModelSettings settings, int defaultMaxOutputTokens,
                              Function<HttpClientBuilder, StreamingChatModel> factory, Failures failures) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.info = failures.info();
        this.defaultMaxOutputTokens = defaultMaxOutputTokens;
        this.factory = factory;
        this.failures = failures;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                // HTTP/1.1 everywhere: local servers speak nothing else, and an aborted stream then closes its own
                // connection, which is what a server watches to stop generating
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.getDefault())
                .executor(streamReaders)
                .build();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public ModelReply stream(ModelRequest request, Consumer<ModelEvent> onEvent, CancelSignal cancel) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(onEvent, "onEvent");
        if (cancel.isCancelled()) {
            return new ModelReply("", List.of(), FinishReason.CANCELLED, TokenUsage.UNKNOWN);
        }
        StreamingCall call = new StreamingCall();
        CancelSignal.Registration registration = cancel.onCancel(call::cancel);
        try {
            try {
                StreamingChatModel model = factory.apply(new ExchangeHttpClientBuilder(http, streamReaders, call.exchange()));
                model.chat(Messages.chatRequest(request, maxOutputTokens(request)), call);
            } catch (RuntimeException e) {
                call.exchange().abort();
                throw failures.map(e);
            }
            return call.await(onEvent, settings.firstTokenTimeout(), failures);
        } finally {
            registration.close();
        }
    }

    private int maxOutputTokens(ModelRequest request) {
        if (request.maxOutputTokens() > 0) {
            return request.maxOutputTokens();
        }
        return settings.maxOutputTokens() > 0 ? settings.maxOutputTokens() : defaultMaxOutputTokens;
    }
}
