package dev.tether.model.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.TokenUsage;
import dev.tether.api.model.FinishReason;
import dev.tether.api.model.ModelEvent;
import dev.tether.api.model.ModelException;
import dev.tether.api.model.ModelReply;
import dev.tether.api.model.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One streaming call. Events are delivered where they arrive: LangChain4j parses each server-sent event on the
 * HTTP client's thread that read it (see {@link BodyReader}), and the text deltas and tool calls it produces go
 * to the caller's consumer right there, in order, one at a time, with no thread hand-off per token. The
 * calling thread only waits in {@link #await()} for the end: the reply completing, failing, a cancel, or no
 * event within the limit (the first-token watchdog, checked by the waiting thread itself). Whatever is
 * reported first wins. Once {@code await} returns, nothing more is delivered: delivery and the return take the
 * same lock.
 */
public final class StreamingCall implements StreamingChatResponseHandler {
    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final Exchange exchange = new Exchange(new Events());
    private final Failures failures;
    private final Duration limit;
    private final Consumer<ModelEvent> onEvent;
    private volatile StreamingHandle handle;
    private volatile long lastEventNanos = System.nanoTime();
    private volatile boolean started;
    /** Held while delivering an event and while ending the call; guards the fields below. */
    private final ReentrantLock delivery = new ReentrantLock();
    /** The call ended (await returned) or its consumer threw: nothing more is delivered. */
    private boolean finished;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder thinking = new StringBuilder();
    private final List<ToolCall> calls = new ArrayList<>();
    /** Reasoning written into the text between think tags goes to {@link #thinking}; the rest to {@link #text}. */
    private final ThinkTags tags = new ThinkTags(this::emitText, this::emitThinking);

    /**
     * @param limit the first-token timeout: the longest wait for the first event, and between two events
     * @param onEvent receives the reply's events; runs on the HTTP client's thread and must not block
     */
    public StreamingCall(Failures failures, Duration limit, Consumer<ModelEvent> onEvent) {
        this.failures = failures;
        this.limit = limit;
        this.onEvent = onEvent;
    }

    Exchange exchange() {
        return exchange;
    }

    /**
     * Requests cancellation; safe from any thread, returns at once. Aborts the exchange, and the waiting
     * thread returns the reply so far.
     */
    public void cancel() {
        signals.add(new Signal.Cancelled());
        abort();
    }

    /**
     * Waits until the reply completes, fails, is cancelled, or no event arrives within the limit. Whatever is
     * reported first wins: a cancel queued before a failure returns the reply so far.
     *
     * @throws ModelException on failure or timeout; the HTTP exchange is aborted first, as on every end but a
     *     completed reply
     */
    public ModelReply await() {
        boolean completed = false;
        long limitNanos = limit.toNanos();
        try {
            while (true) {
                long wait = lastEventNanos + limitNanos - System.nanoTime();
                Signal signal = wait > 0 ? signals.poll(wait, TimeUnit.NANOSECONDS) : null;
                if (signal == null) {
                    if (System.nanoTime() - lastEventNanos < limitNanos) {
                        continue; // events came meanwhile
                    }
                    throw failures.timeout(limit, started);
                }
                switch (signal) {
                    case Signal.Cancelled c -> {
                        return finish(this::cancelledReply);
                    }
                    case Signal.Done d -> {
                        ModelReply reply = finish(() -> complete(d.response()));
                        completed = true;
                        return reply;
                    }
                    case Signal.Failed f -> throw failures.map(f.error());
                    case Signal.TransportEnded e -> throw endedEarly();
                    case Signal.ConsumerFailed f -> throw f.error();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // keep the flag for the caller; an interrupt means stop, like cancel
            return finish(this::cancelledReply);
        } finally {
            finish(() -> null);
            if (!completed) {
                abort(); // cancelled, failed, timed out, or the consumer threw: the upstream work stops here
            }
        }
    }

    /** Ends delivery and computes the reply under the delivery lock, so no event is delivered after it. */
    private <T> T finish(java.util.function.Supplier<T> reply) {
        delivery.lock();
        try {
            finished = true;
            return reply.get();
        } finally {
            delivery.unlock();
        }
    }

    /** The reply so far, for a call that was cancelled (under the delivery lock). */
    private ModelReply cancelledReply() {
        tags.end(); // text held back while it could have been a tag is delivered as what it turned out to be
        return new ModelReply(text.toString(), List.copyOf(calls), FinishReason.CANCELLED,
                dev.tether.api.model.TokenUsage.UNKNOWN, thinking.toString());
    }

    /** Delivers text on the thread that parsed it, unless the call has ended or its consumer failed. */
    private void deliverText(String delta) {
        deliver(() -> tags.accept(delta));
    }

    /** Delivers reasoning the server reported as such ({@code reasoning_content}), like {@link #deliverText}. */
    private void deliverThinking(String delta) {
        deliver(() -> emitThinking(delta));
    }

    private void emitText(String delta) {
        text.append(delta);
        onEvent.accept(new ModelEvent.TextDelta(delta));
    }

    private void emitThinking(String delta) {
        if (!delta.isEmpty()) {
            thinking.append(delta);
            onEvent.accept(new ModelEvent.ThinkingDelta(delta));
        }
    }

    private void deliverTool(ToolExecutionRequest request) {
        deliver(() -> emit(toToolCall(request, calls.size()), calls, onEvent));
    }

    /**
     * Runs {@code delivery} under the delivery lock, unless the call has ended. A consumer that throws ends the
     * call: nothing more is delivered, and {@link #await()} rethrows its exception.
     */
    private void deliver(Runnable delivery) {
        RuntimeException failed = null;
        this.delivery.lock();
        try {
            if (finished) {
                return;
            }
            delivery.run();
        } catch (RuntimeException e) {
            finished = true;
            failed = e;
        } finally {
            this.delivery.unlock();
        }
        if (failed != null) {
            consumerFailed(failed);
        }
    }

    /** The caller's consumer threw: the call ends with that exception, and the upstream work stops. */
    private void consumerFailed(RuntimeException e) {
        signals.add(new Signal.ConsumerFailed(e)); // rethrown by await
        abort();
    }

    /** What the exchange reports. */
    private final class Events implements Exchange.Events {
        @Override
        public void headArrived() {
            lastEventNanos = System.nanoTime();
        }

        @Override
        public void progress() {
            lastEventNanos = System.nanoTime();
            if (!started) { // every token passes here: write the flag once, not per token
                started = true;
            }
        }

        @Override
        public void transportEnded() {
            signals.add(new Signal.TransportEnded());
        }
    }

    /** The reply at its end (under the delivery lock): tool calls LangChain4j completed only now are delivered. */
    private ModelReply complete(ChatResponse response) {
        if (response.finishReason() == null) {
            throw endedEarly(); // await aborts the exchange
        }
        tags.end();
        List<ToolExecutionRequest> requested = response.aiMessage().toolExecutionRequests();
        for (int i = calls.size(); i < requested.size(); i++) {
            emit(toToolCall(requested.get(i), i), calls, onEvent); // calls LangChain4j completed only at the end
        }
        FinishReason finish = switch (response.finishReason()) {
            case STOP -> calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
            case TOOL_EXECUTION -> FinishReason.TOOL_CALLS;
            case LENGTH -> FinishReason.LENGTH;
            case CONTENT_FILTER -> FinishReason.CONTENT_FILTER;
            case OTHER -> calls.isEmpty() ? FinishReason.OTHER : FinishReason.TOOL_CALLS;
        };
        return new ModelReply(text.toString(), List.copyOf(calls), finish, usage(response.tokenUsage()),
                thinking.toString());
    }

    /** The stream ended without the end-of-reply marker: because the server said why, or for no known reason. */
    private ModelException endedEarly() {
        return exchange.streamError().map(failures::streamError).orElseGet(failures::endedEarly);
    }

    private static void emit(ToolCall call, List<ToolCall> calls, Consumer<ModelEvent> onEvent) {
        calls.add(call);
        onEvent.accept(new ModelEvent.ToolCallReady(call));
    }

    private static ToolCall toToolCall(ToolExecutionRequest request, int index) {
        // some OpenAI-compatible servers omit ids; the agent needs one to answer the call
        String id = request.id() == null || request.id().isBlank()
                ? "call_" + index + "_" + UUID.randomUUID().toString().substring(0, 8) : request.id();
        return new ToolCall(id, request.name(), request.arguments());
    }

    private static dev.tether.api.model.TokenUsage usage(TokenUsage usage) {
        if (usage == null) {
            return dev.tether.api.model.TokenUsage.UNKNOWN;
        }
        return new dev.tether.api.model.TokenUsage(orZero(usage.inputTokenCount()), orZero(usage.outputTokenCount()));
    }

    private static int orZero(Integer n) {
        return n == null ? 0 : n;
    }

    private void abort() {
        StreamingHandle h = handle;
        if (h != null && !h.isCancelled()) {
            h.cancel(); // LangChain4j stops parsing and closes the body
        }
        exchange.abort(); // covers the time before the first event, when there is no handle yet
    }

    @Override
    public void onPartialResponse(String partialResponse) {
        deliverText(partialResponse);
    }

    @Override
    public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
        handle = context.streamingHandle();
        deliverText(partialResponse.text());
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking) {
        deliverThinking(partialThinking.text());
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
        handle = context.streamingHandle();
        deliverThinking(partialThinking.text());
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
        handle = context.streamingHandle();
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall completeToolCall) {
        deliverTool(completeToolCall.toolExecutionRequest());
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
        signals.add(new Signal.Done(completeResponse));
    }

    @Override
    public void onError(Throwable error) {
        signals.add(new Signal.Failed(error));
    }

    /** How a call ends, as LangChain4j, the transport or a cancel report it. */
    private sealed interface Signal {
        record Done(ChatResponse response) implements Signal { }

        record Failed(Throwable error) implements Signal { }

        record Cancelled() implements Signal { }

        record TransportEnded() implements Signal { }

        record ConsumerFailed(RuntimeException error) implements Signal { }
    }
}
