package dev.tether.testkit.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One accepted TCP connection. A reader thread parses requests as they arrive and notices at once when the
 * client closes its side; a responder thread answers them in order. Splitting the two is what lets a
 * response that is still streaming see the client go away without writing into a dead socket first.
 */
final class Connection {
    private final Socket socket;
    private final LoopbackHttpServer server;
    private final OutputStream out;
    private final BlockingQueue<Optional<IncomingRequest>> requests = new LinkedBlockingQueue<>();
    private final CountDownLatch clientGone = new CountDownLatch(1);
    private volatile boolean closedByServer;

    Connection(Socket socket, LoopbackHttpServer server) throws IOException {
        this.socket = socket;
        this.server = server;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
    }

    void start() {
        Thread.ofVirtual().name("fake-http-read-" + socket.getPort()).start(this::readLoop);
        Thread.ofVirtual().name("fake-http-serve-" + socket.getPort()).start(this::serveLoop);
    }

    private void readLoop() {
        try {
            RequestReader reader = new RequestReader(new BufferedInputStream(socket.getInputStream()));
            while (true) {
                Optional<IncomingRequest> next = reader.next();
                requests.add(next);
                if (next.isEmpty()) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!closedByServer) {
                server.log("connection " + socket.getPort() + " ended by client: " + e);
            }
            requests.add(Optional.empty());
        } finally {
            clientGone.countDown();
        }
    }

    private void serveLoop() {
        try {
            while (true) {
                Optional<IncomingRequest> next = requests.take();
                if (next.isEmpty() || !serve(next.get())) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    /** Answers one request; returns whether the connection stays open for the next one. */
    private boolean serve(IncomingRequest request) {
        Responder responder = new Responder(this, request);
        try {
            server.handler().handle(request, responder);
        } catch (IOException e) {
            server.log("writing the response to " + request.method() + " " + request.target() + " failed: " + e);
            return false;
        } catch (RuntimeException | AssertionError e) {
            server.recordFailure(request, e);
            responder.failIfNotStarted(e);
        }
        return responder.keepsConnection() && !request.wantsClose() && !closedByServer;
    }

    OutputStream out() {
        return out;
    }

    LoopbackHttpServer server() {
        return server;
    }

    boolean clientGone() {
        return clientGone.getCount() == 0;
    }

    /** Waits up to {@code timeout}; returns true as soon as the client has closed the connection. */
    boolean awaitClientGone(Duration timeout) throws InterruptedException {
        return clientGone.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Closes the socket at once: a client reading a response sees it end before its framing says so. */
    void close() {
        closedByServer = true;
        try {
            socket.close();
        } catch (IOException e) {
            server.log("closing connection " + socket.getPort() + " failed: " + e);
        }
        server.forget(this);
    }
}
