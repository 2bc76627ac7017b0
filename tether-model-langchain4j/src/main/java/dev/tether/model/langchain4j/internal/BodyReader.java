package dev.tether.model.langchain4j.internal;

import dev.langchain4j.http.client.SuccessfulHttpResponse;
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

    /** The call, until the body ends; see {@link CallLink} for why it is let go then. */
    final CallLink link;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    private BodyReader(CallLink link) {
        this.link = link;
    }

    /**
     * The reader for a response whose head just arrived: server-sent events for a 2xx answer (the listener hears
     * {@code onOpen} first), the first {@code errorLimit} bytes reported as an {@link HttpStatusException}
     * otherwise.
     */
    static BodyReader forHead(CallLink link, HttpResponse.ResponseInfo head, int errorLimit) {
        link.answered();
        if (head.statusCode() / 100 != 2) {
            return new Error(link, head.statusCode(), head.headers(), errorLimit);
        }
        ServerSentEventListener listener = link.listener();
        if (listener != null) {
            notify(() -> listener.onOpen(SuccessfulHttpResponse.builder().statusCode(head.statusCode())
                    .headers(head.headers().map()).build()));
        }
        return new Events(link);
    }

    @Override
    public final void onSubscribe(Flow.Subscription s) {
        subscription = s;
        Exchange exchange = link.exchange();
        if (exchange == null || !exchange.bodyStarted(this::cancel)) {
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
            Exchange exchange = link.exchange();
            ServerSentEventListener listener = link.listener();
            if (!cancelled && exchange != null && listener != null && !exchange.aborted()) {
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

    /** Lets go of what this reader holds of the call besides {@link #link}. */
    void released() {
    }

    private void finish() {
        Exchange exchange = link.exchange();
        if (exchange != null) {
            exchange.transportEnded();
        }
        link.release();
        released();
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
        /** Holds the listener and the exchange too: let go with the link, on whichever thread ends the body. */
        private volatile SseParser parser;

        Events(CallLink link) {
            super(link);
            ServerSentEventListener listener = link.listener();
            Exchange exchange = link.exchange();
            this.parser = listener == null || exchange == null ? null
                    : new SseParser(new WatchingListener(listener, exchange), this);
        }

        @Override
        void bytes(ByteBuffer b) {
            SseParser p = parser;
            if (p != null) {
                p.feed(b);
            }
        }

        @Override
        void completed() {
            SseParser p = parser;
            if (p != null) {
                p.end();
            }
            ServerSentEventListener listener = link.listener();
            if (listener != null) {
                notify(listener::onClose);
            }
        }

        @Override
        void released() {
            parser = null;
        }
    }

    private static final class Error extends BodyReader {
        private final int status;
        private final HttpHeaders headers;
        private final int limit;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private boolean reported;

        Error(CallLink link, int status, HttpHeaders headers, int limit) {
            super(link);
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
            Exchange exchange = link.exchange();
            ServerSentEventListener listener = link.listener();
            if (exchange != null && listener != null && !exchange.aborted() && !reported) {
                reported = true;
                notify(() -> listener.onError(new HttpStatusException(status,
                        body.toString(StandardCharsets.UTF_8), headers.map())));
            }
        }
    }
}
