package dev.tether.model.langchain4j;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.tether.api.CancelSignal;
import dev.tether.api.model.ChatModel;
import dev.tether.api.model.FinishReason;
import dev.tether.api.model.ModelEvent;
import dev.tether.api.model.ModelException;
import dev.tether.api.model.ModelInfo;
import dev.tether.api.model.ModelReply;
import dev.tether.api.model.ModelRequest;
import dev.tether.api.model.ModelSettings;
import dev.tether.api.model.TokenUsage;
import dev.tether.model.langchain4j.internal.Failures;
import dev.tether.model.langchain4j.internal.Messages;
import dev.tether.model.langchain4j.internal.Settings;
import dev.tether.model.langchain4j.internal.StreamingCall;
import dev.tether.model.langchain4j.internal.Transport;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A {@link ChatModel} on top of a LangChain4j {@link StreamingChatModel} that a {@link LangChainBackend}
 * builds. A provider extends it with a public constructor passing its backend, for example
 * {@code OpenAiChatModel(ModelSettings)}; every method is final, so the behaviour below is the same for all.
 * Follows the {@code ChatModel} contract: {@link #stream} blocks the calling thread; cancel closes the
 * call's HTTP connection so the server stops generating; no event within
 * {@link ModelSettings#firstTokenTimeout()} (before the first or between two) aborts the stream with
 * {@link ModelException.Timeout}. Nothing is retried here.
 *
 * <p>A few JDK HTTP clients (one per core: connection pool and selector thread, see {@link Transport}) serve all
 * calls of the model; a LangChain4j model is built per call around an HTTP client bound to that call, so cancel
 * and the watchdog abort exactly that call's exchange. The reply's events reach {@code onEvent} on the HTTP
 * client's thread that read them, as the {@code ChatModel} contract allows. Thread-safe. Construction does no
 * network I/O.
 *
 * <p>{@link #close()} cancels calls in flight (they return {@link FinishReason#CANCELLED} with the text so
 * far), then shuts down the HTTP client and its threads, waiting a few seconds at most. Later calls throw
 * {@link ModelException.Rejected} with status 0, which is not retriable. Closing again does nothing.
 */
public abstract class LangChainChatModel implements ChatModel {
    private final ModelInfo info;
    private final ModelSettings settings;
    private final LangChainBackend backend;
    private final Failures failures;
    private final Transport transport;
    private final Set<StreamingCall> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Checks the settings and creates the model's HTTP client; does no network I/O.
     *
     * @throws IllegalArgumentException naming the config key to fix, if a setting is invalid (a base URL that is
     *     not http(s), a blank model name, a timeout that is not positive, a negative output limit)
     */
    protected LangChainChatModel(ModelSettings settings, LangChainBackend backend) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.backend = Objects.requireNonNull(backend, "backend");
        Settings.validate(settings, backend.exampleBaseUrl(), backend.exampleModel());
        this.info = new ModelInfo(backend.provider(), settings.model(), settings.baseUrl());
        this.failures = new Failures(info, backend.unreachableHint(), t -> backend.mapError(info, t));
        this.transport = new Transport(settings.connectTimeout());
    }

    @Override
    public final ModelInfo info() {
        return info;
    }

    @Override
    public final ModelReply stream(ModelRequest request, Consumer<ModelEvent> onEvent, CancelSignal cancel) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(onEvent, "onEvent");
        if (cancel.isCancelled()) {
            return new ModelReply("", List.of(), FinishReason.CANCELLED, TokenUsage.UNKNOWN);
        }
        StreamingCall call = new StreamingCall(failures, settings.firstTokenTimeout(), onEvent);
        inFlight.add(call); // before the closed check: close() either sees this call or the call sees closed
        CancelSignal.Registration registration = cancel.onCancel(call::cancel);
        try {
            if (closed.get()) {
                throw failures.closed();
            }
            try {
                StreamingChatModel model = backend.streamingModel(settings, transport.httpClientBuilder(call));
                model.chat(Messages.chatRequest(request, settings, maxOutputTokens(request)), call);
            } catch (RuntimeException e) {
                call.onError(e); // reported like an asynchronous failure, unless a cancel came first
            }
            return call.await();
        } finally {
            registration.close();
            inFlight.remove(call);
        }
    }

    /** Cancels calls in flight and releases the HTTP client and its threads; see the class contract. */
    @Override
    public final void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        inFlight.forEach(StreamingCall::cancel);
        transport.close();
    }

    private int maxOutputTokens(ModelRequest request) {
        if (request.maxOutputTokens() > 0) {
            return request.maxOutputTokens();
        }
        return settings.maxOutputTokens() > 0 ? settings.maxOutputTokens() : backend.defaultMaxOutputTokens();
    }
}
