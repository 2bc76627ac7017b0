package dev.tether.model.langchain4j.internal;

import dev.langchain4j.http.client.HttpClientBuilder;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP resources of one model: a JDK client (connection pool, selector thread) and the virtual-thread
 * executor that runs its callbacks (response bodies are read by each call's own thread). Shared by all calls of the model; each call gets
 * its own LangChain4j {@link HttpClientBuilder} bound to its exchange. The JDK client is created by the first
 * call: building one sets up TLS (some 400 classes, ~3 MiB of the server's memory after start), which a server
 * that has not talked to its model yet does not need. Thread-safe.
 */
public final class Transport implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Transport.class.getName());
    /** How long {@link #close()} waits for the client and the body readers to stop. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration connectTimeout;
    /** Created by the first call; guarded by {@code this} for writing. */
    private volatile HttpClient http;
    private boolean closed;

    /** A client that gives up connecting after {@code connectTimeout}; does no network I/O. */
    public Transport(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** A LangChain4j HTTP client builder whose clients run {@code call}'s exchange on this transport. */
    public HttpClientBuilder httpClientBuilder(StreamingCall call) {
        return new ExchangeHttpClientBuilder(http(), call.exchange());
    }

    /** The JDK client, built on first use; after {@link #close()} a stopped one, whose requests fail. */
    HttpClient http() {
        HttpClient client = http;
        if (client != null) {
            return client;
        }
        synchronized (this) {
            if (http == null) {
                http = HttpClient.newBuilder()
                        .connectTimeout(connectTimeout)
                        // HTTP/1.1 everywhere: local servers speak nothing else, and an aborted stream then closes
                        // its own connection, which is what a server watches to stop generating
                        .version(HttpClient.Version.HTTP_1_1)
                        .proxy(ProxySelector.getDefault())
                        .executor(readers)
                        .build();
                if (closed) {
                    http.shutdownNow();
                }
            }
            return http;
        }
    }

    /** Whether a call has needed the JDK client yet; for tests. */
    boolean started() {
        return http != null;
    }

    /**
     * Aborts every exchange still open, closes the connections and stops the threads, waiting up to five seconds
     * for them. Requests sent afterwards fail. Idempotent.
     */
    @Override
    public void close() {
        HttpClient client;
        synchronized (this) {
            closed = true;
            client = http;
        }
        if (client != null) {
            client.shutdownNow();
        }
        readers.shutdownNow(); // interrupts body readers blocked on a stalled stream
        try {
            if (client != null && !client.awaitTermination(CLOSE_WAIT) || !readers.awaitTermination(CLOSE_WAIT.toMillis(),
                    TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "HTTP client of a closed model still busy after " + CLOSE_WAIT
                        + "; leaving it to finish on its own");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the shutdown is under way; stop waiting for it
        }
    }

    /** Whether the client and its threads have stopped. */
    boolean terminated() {
        HttpClient client = http;
        return (client == null || client.isTerminated()) && readers.isTerminated();
    }
}
