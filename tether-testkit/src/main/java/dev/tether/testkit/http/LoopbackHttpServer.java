package dev.tether.testkit.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * An HTTP/1.1 server bound to 127.0.0.1 on an ephemeral port, one virtual thread per connection for reading
 * and one for answering. Supports keep-alive, {@code Connection: close}, Content-Length and chunked request
 * bodies, and concurrent connections. Handlers run on the connection's thread and may block (stall) freely.
 *
 * <p>A handler that throws gets a 500 response (if it had not started one) and the failure is kept in
 * {@link #failures()} so a test can fail on it. {@link #close()} closes the listening socket and every
 * connection, which also ends stalled streams.
 */
public final class LoopbackHttpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LoopbackHttpServer.class.getName());

    private final String name;
    private final ServerSocket listener;
    private final Handler handler;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger clientAborts = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean closed;

    private LoopbackHttpServer(String name, ServerSocket listener, Handler handler) {
        this.name = name;
        this.listener = listener;
        this.handler = handler;
    }

    /** Binds 127.0.0.1 on a free port and starts accepting; {@code name} appears in thread names and logs. */
    public static LoopbackHttpServer start(String name, Handler handler) {
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            LoopbackHttpServer server = new LoopbackHttpServer(name, socket, handler);
            Thread.ofVirtual().name(name + "-accept").start(server::acceptLoop);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not bind " + name + " to 127.0.0.1 on a free port", e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String origin() {
        return "http://127.0.0.1:" + port();
    }

    /** Streams the client abandoned before the server ended them (cancel, timeout, crash). */
    public int clientAborts() {
        return clientAborts.get();
    }

    /** Waits until at least {@code count} streams were abandoned by the client; AssertionError on timeout. */
    public void awaitClientAborts(int count, Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10)).until(() -> clientAborts.get() >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Expected " + count + " stream(s) closed by the client within " + timeout
                    + " but saw " + clientAborts.get() + " on " + name, e);
        }
    }

    /** TCP connections accepted so far; a client that reuses connections keeps this low. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Handler failures so far, one line each: the request and what was thrown. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            log("closing the listening socket failed: " + e);
        }
        List.copyOf(connections).forEach(Connection::close);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                accepted.incrementAndGet();
                Connection connection = new Connection(socket, this);
                connections.add(connection);
                if (closed) {
                    connection.close();
                    return;
                }
                connection.start();
            } catch (IOException e) {
                if (!closed) {
                    log("accept failed: " + e);
                }
            }
        }
    }

    Handler handler() {
        return handler;
    }

    void forget(Connection connection) {
        connections.remove(connection);
    }

    void clientAborted(String label) {
        clientAborts.incrementAndGet();
        log(label + ": client closed the connection before the stream ended");
    }

    void recordFailure(IncomingRequest request, Throwable failure) {
        failures.add(request.method() + " " + request.target() + ": " + failure);
        LOG.log(System.Logger.Level.WARNING, name + ": handler failed on " + request.target(), failure);
    }

    void log(String message) {
        LOG.log(System.Logger.Level.DEBUG, name + ": " + message);
    }

    /** Answers one request. Runs on the connection's virtual thread; may block. */
    @FunctionalInterface
    public interface Handler {
        void handle(IncomingRequest request, Responder responder) throws IOException;
    }
}
