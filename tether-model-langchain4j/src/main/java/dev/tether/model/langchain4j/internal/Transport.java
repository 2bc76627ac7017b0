package dev.tether.model.langchain4j.internal;

import dev.langchain4j.http.client.HttpClientBuilder;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP resources of one model: a few JDK clients, each with its connection pool and its selector thread,
 * calls spread over them in turn. A client runs its callbacks on its selector thread (a direct executor): the
 * thread that reads a response also parses it and delivers its events (see {@link BodyReader}), like an event
 * loop, so a token goes from the model's socket to the caller without a thread hand-off. One client per core
 * keeps every core able to read. Shared by all calls of the model; each call gets its own LangChain4j
 * {@link HttpClientBuilder} bound to its exchange. The JDK clients are created by the first call: building
 * one sets up TLS (some 400 classes, ~3 MiB of the server's memory after start), which a server that has not
 * talked to its model yet does not need. Thread-safe.
 */
public final class Transport implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Transport.class.getName());
    /** The JDK client's system property for the size of each connection's read buffer. */
    static final String READ_BUFFER_PROPERTY = "jdk.httpclient.bufsize";
    /** Our default for it, unless the user set one ({@code -Djdk.httpclient.bufsize=...}). */
    static final int READ_BUFFER_BYTES = 4096;

    static {
        // On plain HTTP (a local model server) each connection reads into slices of a heap buffer of this size,
        // 16 KiB by default, and keeps the buffer until it is used up. A token stream fills one in about a second,
        // so at every young collection nearly all of them are live and young: with 1,000 streams, 16 MiB copied
        // per collection for nothing (half of what survived, in a heap dump). At 4 KiB they are a quarter of that;
        // a chunk of a stream is a few hundred bytes, and larger bodies are read in more, still large, reads.
        // Read once, when the JDK client's classes load: this class is loaded before any client is built.
        if (System.getProperty(READ_BUFFER_PROPERTY) == null) {
            System.setProperty(READ_BUFFER_PROPERTY, Integer.toString(READ_BUFFER_BYTES));
        }
    }
    /** How long {@link #close()} waits for the clients to stop. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final Duration connectTimeout;
    private final int size;
    private final AtomicInteger next = new AtomicInteger();
    /** Created by the first call; guarded by {@code this} for writing. */
    private volatile HttpClient[] clients;
    private boolean closed;

    /** Clients that give up connecting after {@code connectTimeout}, one per core; does no network I/O. */
    public Transport(Duration connectTimeout) {
        this(connectTimeout, Runtime.getRuntime().availableProcessors());
    }

    /** {@code size} clients (at least one) that give up connecting after {@code connectTimeout}. */
    Transport(Duration connectTimeout, int size) {
        this.connectTimeout = connectTimeout;
        this.size = Math.max(1, size);
    }

    /** A LangChain4j HTTP client builder whose clients run {@code call}'s exchange on this transport. */
    public HttpClientBuilder httpClientBuilder(StreamingCall call) {
        return new ExchangeHttpClientBuilder(http(), call.exchange());
    }

    /** The next JDK client, all built on first use; after {@link #close()} a stopped one, whose requests fail. */
    HttpClient http() {
        HttpClient[] all = clients;
        if (all == null) {
            all = start();
        }
        return all[Math.floorMod(next.getAndIncrement(), all.length)];
    }

    private synchronized HttpClient[] start() {
        if (clients == null) {
            HttpClient[] all = new HttpClient[size];
            for (int i = 0; i < size; i++) {
                all[i] = HttpClient.newBuilder()
                        .connectTimeout(connectTimeout)
                        // HTTP/1.1 everywhere: local servers speak nothing else, and an aborted stream then closes
                        // its own connection, which is what a server watches to stop generating
                        .version(HttpClient.Version.HTTP_1_1)
                        .proxy(ProxySelector.getDefault())
                        // callbacks on the selector thread: what they run (parsing, handing events on) never blocks
                        .executor(Runnable::run)
                        .build();
                if (closed) {
                    all[i].shutdownNow();
                }
            }
            clients = all;
        }
        return clients;
    }

    /** Whether a call has needed the JDK clients yet; for tests. */
    boolean started() {
        return clients != null;
    }

    /** How many JDK clients calls are spread over. */
    int size() {
        return size;
    }

    /**
     * Aborts every exchange still open, closes the connections and stops the threads, waiting up to five seconds
     * for them. Requests sent afterwards fail. Idempotent.
     */
    @Override
    public void close() {
        HttpClient[] all;
        synchronized (this) {
            closed = true;
            all = clients;
        }
        if (all == null) {
            return;
        }
        Arrays.stream(all).forEach(HttpClient::shutdownNow);
        try {
            for (HttpClient client : all) {
                if (!client.awaitTermination(CLOSE_WAIT)) {
                    LOG.log(System.Logger.Level.WARNING, "HTTP client of a closed model still busy after " + CLOSE_WAIT
                            + "; leaving it to finish on its own");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the shutdown is under way; stop waiting for it
        }
    }

    /** Whether the clients and their threads have stopped. */
    boolean terminated() {
        HttpClient[] all = clients;
        return all == null || Arrays.stream(all).allMatch(HttpClient::isTerminated);
    }
}
