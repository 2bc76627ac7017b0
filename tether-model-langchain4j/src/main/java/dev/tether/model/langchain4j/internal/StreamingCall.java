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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One streaming call. The calling thread does all the work: it waits for the response head, then reads the
 * body itself ({@link Exchange.Events#bodyReady}); LangChain4j parses each event on that thread and its
 * callbacks queue signals, which the same thread delivers right after the event
 * ({@link Exchange.Events#eventHandled}). So events reach the caller in order, on one thread, never after it
 * returned, and without a thread hand-off per token. Signals from other threads (a failed request, a cancel,
 * the first-token watchdog) go through the same queue; whatever is queued first wins.
 *
 * <p>The first-token watchdog is one timer per call (not per event) that checks, when it fires, how long ago
 * the last event came; when the limit passed it queues a timeout and aborts the exchange, which ends a read
 * that is blocked.
 */
public final class StreamingCall implements StreamingChatResponseHandler {
    private static final Executor TIMER_THREAD = Runnable::run;

    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final Exchange exchange = new Exchange(new Events());
    private final Failures failures;
    private final Duration limit;
    private volatile StreamingHandle handle;
    private volatile long lastEventNanos;
    private volatile boolean started;
    private volatile boolean reading;
    private volatile boolean finished;
    // the caller's side; touched only by the thread in await()
    private Thread owner;
    private Consumer<ModelEvent> onEvent;
    private final StringBuilder text = new StringBuilder();
    private final List<ToolCall> calls = new ArrayList<>();
    private RuntimeException consumerFailure;

    /**
     * @param limit the first-token timeout: the longest wait for the first event, and between two events
     */
    public StreamingCall(Failures failures, Duration limit) {
        this.failures = failures;
        this.limit = limit;
    }

    Exchange exchange() {
        return exchange;
    }

    /**
     * Requests cancellation; safe from any thread, returns at once. Aborts the exchange, so a read that is
     * blocked ends, and the waiting thread returns the reply so far.
     */
    public void cancel() {
        signals.add(new Signal.Cancelled());
        abort();
    }

    /**
     * Delivers events until the reply completes, fails, is cancelled, or no event arrives within the limit.
     * Whatever is reported first wins: a cancel queued before a failure returns the reply so far.
     *
     * @throws ModelException on failure or timeout, after aborting the HTTP exchange
     */
    public ModelReply await(Consumer<ModelEvent> onEvent) {
        this.owner = Thread.currentThread();
        this.onEvent = onEvent;
        boolean completed = false;
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (true) {
                Signal signal = signals.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (signal == null) {
                    abort();
                    throw failures.timeout(limit, started);
                }
                switch (signal) {
                    case Signal.Text t -> deliver(t);
                    case Signal.Tool t -> deliver(t);
                    case Signal.Body b -> read(b);
                    case Signal.Cancelled c -> {
                        abort();
                        return new ModelReply(text.toString(), calls, FinishReason.CANCELLED,
                                dev.tether.api.model.TokenUsage.UNKNOWN);
                    }
                    case Signal.TimedOut t -> {
                        abort();
                        throw failures.timeout(limit, started);
                    }
                    case Signal.Done d -> {
                        ModelReply reply = complete(d.response(), text.toString(), calls, onEvent);
                        completed = true;
                        return reply;
                    }
                    case Signal.Failed f -> {
                        abort();
                        throw failures.map(f.error());
                    }
                    case Signal.TransportEnded e -> {
                        abort();
                        throw endedEarly();
                    }
                }
                if (consumerFailure != null) {
                    throw consumerFailure;
                }
                deadline = System.nanoTime() + limit.toNanos();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // keep the flag for the caller; an interrupt means stop, like cancel
            abort();
            return new ModelReply(text.toString(), calls, FinishReason.CANCELLED, dev.tether.api.model.TokenUsage.UNKNOWN);
        } catch (RuntimeException e) {
            abort(); // a failure, or the caller's event consumer threw: stop the upstream work, then rethrow
            throw e;
        } finally {
            if (!completed) {
                abort();
            }
            finished = true;
            discardUnreadBodies();
        }
    }

    /** Reads the body on this thread; the watchdog aborts it if no event comes within the limit. */
    private void read(Signal.Body body) {
        lastEventNanos = System.nanoTime();
        reading = true;
        CompletableFuture.delayedExecutor(limit.toNanos(), TimeUnit.NANOSECONDS, TIMER_THREAD).execute(this::watch);
        try {
            body.read().run();
        } finally {
            reading = false;
        }
    }

    /** The watchdog, on the JDK's delay-scheduler thread: times out, or looks again when it could next be due. */
    private void watch() {
        if (!reading || finished) {
            return;
        }
        long idle = System.nanoTime() - lastEventNanos;
        if (idle >= limit.toNanos()) {
            signals.add(new Signal.TimedOut());
            abort();
            return;
        }
        CompletableFuture.delayedExecutor(limit.toNanos() - idle, TimeUnit.NANOSECONDS, TIMER_THREAD)
                .execute(this::watch);
    }

    /** After each event, on the reading thread: delivers what it produced, up to the first final signal. */
    private void drainQueued() {
        Signal s;
        while (consumerFailure == null && (s = signals.peek()) != null
                && (s instanceof Signal.Text || s instanceof Signal.Tool)) {
            signals.poll();
            try {
                if (s instanceof Signal.Text t) {
                    deliver(t);
                } else {
                    deliver((Signal.Tool) s);
                }
            } catch (RuntimeException e) {
                consumerFailure = e; // rethrown by await once the read ends
                abort();
            }
        }
    }

    private void deliver(Signal.Text t) {
        started = true;
        text.append(t.text());
        onEvent.accept(new ModelEvent.TextDelta(t.text()));
    }

    private void deliver(Signal.Tool t) {
        started = true;
        emit(toToolCall(t.request(), calls.size()), calls, onEvent);
    }

    /** Closes bodies that arrived after the call ended (the exchange is aborted, so reading one only closes it). */
    private void discardUnreadBodies() {
        signals.removeIf(s -> {
            if (s instanceof Signal.Body b) {
                b.read().run();
                return true;
            }
            return false;
        });
    }

    /** What the exchange reports. */
    private final class Events implements Exchange.Events {
        @Override
        public void bodyReady(Runnable read) {
            signals.add(new Signal.Body(read));
            if (finished) {
                discardUnreadBodies();
            }
        }

        @Override
        public void progress() {
            lastEventNanos = System.nanoTime();
            started = true;
        }

        @Override
        public void eventHandled() {
            if (Thread.currentThread() == owner) {
                drainQueued();
            }
        }

        @Override
        public void transportEnded() {
            signals.add(new Signal.TransportEnded());
        }
    }

    private ModelReply complete(ChatResponse response, String text, List<ToolCall> calls, Consumer<ModelEvent> onEvent) {
        if (response.finishReason() == null) {
            abort();
            throw endedEarly();
        }
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
        return new ModelReply(text, calls, finish, usage(response.tokenUsage()));
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
        signals.add(new Signal.Text(partialResponse));
    }

    @Override
    public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
        handle = context.streamingHandle();
        signals.add(new Signal.Text(partialResponse.text()));
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
        handle = context.streamingHandle();
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
        handle = context.streamingHandle();
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall completeToolCall) {
        signals.add(new Signal.Tool(completeToolCall.toolExecutionRequest()));
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
        signals.add(new Signal.Done(completeResponse));
    }

    @Override
    public void onError(Throwable error) {
        signals.add(new Signal.Failed(error));
    }

    /** What LangChain4j and the transport report, in the order they report it. */
    private sealed interface Signal {
        record Text(String text) implements Signal { }

        record Tool(ToolExecutionRequest request) implements Signal { }

        record Body(Runnable read) implements Signal { }

        record TimedOut() implements Signal { }

        record Done(ChatResponse response) implements Signal { }

        record Failed(Throwable error) implements Signal { }

        record Cancelled() implements Signal { }

        record TransportEnded() implements Signal { }
    }
}
