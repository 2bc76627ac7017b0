package dev.tether.model.langchain4j.internal;

import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParsingHandle;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads one streaming response body as the JDK client pushes it, on the client's own thread: no thread reads
 * a stream, and no hand-off happens between the socket and the listener. One byte buffer list at a time is
 * requested, so a listener that falls behind slows the socket, not the heap. The body ends exactly once (end,
 * failure, or {@link #cancel()}), and only then is the exchange told its transport ended.
 */
abstract sealed class BodyReader implements HttpResponse.BodySubscriber<Void>, ServerSentEventParsingHandle {
    private static final System.Logger LOG = System.getLogger(BodyReader.class.getName());

    final Exchange exchange;
    final ServerSentEventListener listener;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    private BodyReader(Exchange exchange, ServerSentEventListener listener) {
        this.exchange = exchange;
        this.listener = listener;
    }

    /** A 2xx body: server-sent events, parsed as they arrive and handed to {@code listener}. */
    static BodyReader events(Exchange exchange, ServerSentEventListener listener) {
        return new Events(exchange, listener);
    }

    /** An error body: its first {@code limit} bytes are read, then reported as an {@link HttpStatusException}. */
    static BodyReader error(Exchange exchange, ServerSentEventListener listener, int status, HttpHeaders headers,
                            int limit) {
        return new Error(exchange, listener, status, headers, limit);
    }

    @Override
    public final void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (!exchange.bodyStarted(this::cancel)) {
            cancel();
            return;
        }
        s.request(1);
    }

    @Override
    public final void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer b : buffers) {
            if (cancelled) {
                return;
            }
            bytes(b);
        }
        if (!cancelled) {
            subscription.request(1);
        }
    }

    @Override
    public final void onError(Throwable error) {
        if (ended.compareAndSet(false, true)) {
            if (!cancelled && !exchange.aborted()) {
                notify(() -> listener.onError(error));
            }
            finish();
        }
    }

    @Override
    public final void onComplete() {
        if (ended.compareAndSet(false, true)) {
            if (!cancelled) {
                completed();
            }
            finish();
        }
    }

    /** Stops reading: the connection is closed, the server sees the client leave. Safe from any thread. */
    @Override
    public final void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
            if (ended.compareAndSet(false, true)) {
                finish();
            }
        }
    }

    @Override
    public final boolean isCancelled() {
        return cancelled;
    }

    @Override
    public final CompletionStage<Void> getBody() {
        return done;
    }

    /** The next bytes of the body. */
    abstract void bytes(ByteBuffer b);

    /** The body ended normally (not after a cancel). */
    abstract void completed();

    private void finish() {
        exchange.transportEnded();
        done.complete(null);
    }

    /** Runs a listener callback; LangChain4j's listeners should not throw, but one that does must not kill the stream. */
    static void notify(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "LangChain4j stream listener failed: " + e, e);
        }
    }

    private static final class Events extends BodyReader {
        private final SseParser parser;

        Events(Exchange exchange, ServerSentEventListener listener) {
            super(exchange, listener);
            this.parser = new SseParser(new WatchingListener(listener, exchange), this);
        }

        @Override
        void bytes(ByteBuffer b) {
            parser.feed(b);
        }

        @Override
        void completed() {
            parser.end();
            notify(listener::onClose);
        }
    }

    private static final class Error extends BodyReader {
        private final int status;
        private final HttpHeaders headers;
        private final int limit;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private boolean reported;

        Error(Exchange exchange, ServerSentEventListener listener, int status, HttpHeaders headers, int limit) {
            super(exchange, listener);
            this.status = status;
            this.headers = headers;
            this.limit = limit;
        }

        @Override
        void bytes(ByteBuffer b) {
            int n = Math.min(b.remaining(), limit - body.size());
            byte[] chunk = new byte[n];
            b.get(chunk);
            body.write(chunk, 0, n);
            if (body.size() >= limit) { // enough to say what went wrong: report it, and drop the connection
                completed();
                cancel();
            }
        }

        @Override
        void completed() {
            if (!exchange.aborted() && !reported) {
                reported = true;
                notify(() -> listener.onError(new HttpStatusException(status,
                        body.toString(StandardCharsets.UTF_8), headers.map())));
            }
        }
    }
}
