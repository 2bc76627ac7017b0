package dev.tether.testkit.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An open {@code text/event-stream} response. Every method reports whether the client is still there; the
 * first time one notices the client closed the connection before the stream ended, the server's
 * {@link LoopbackHttpServer#clientAborts()} count goes up by one. Owned by the handler thread.
 */
public final class EventStream {
    private static final Duration STALL_LIMIT = Duration.ofMinutes(5);

    private final Connection connection;
    private final Responder responder;
    private final StreamFraming framing;
    private final String label;
    private boolean ended;

    EventStream(Connection connection, Responder responder, StreamFraming framing, String label) {
        this.connection = connection;
        this.responder = responder;
        this.framing = framing;
        this.label = label;
    }

    /** Writes and flushes one piece of the body; false (and the stream ends) if the client is gone. */
    public boolean send(String text) {
        if (ended || connection.clientGone()) {
            return clientLeft();
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            OutputStream out = connection.out();
            if (framing == StreamFraming.CHUNKED) {
                out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(bytes);
                out.write(new byte[] {'\r', '\n'});
            } else {
                out.write(bytes);
            }
            out.flush();
            return true;
        } catch (IOException e) {
            connection.server().log(label + ": write failed, client gone: " + e);
            return clientLeft();
        }
    }

    /** Waits; returns false early (and the stream ends) if the client closes the connection meanwhile. */
    public boolean pause(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return !connection.clientGone() || clientLeft();
        }
        try {
            return !connection.awaitClientGone(delay) || clientLeft();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sends nothing more and blocks until the client gives up (or the server closes, or 5 minutes pass). */
    public void stall() {
        try {
            if (connection.awaitClientGone(STALL_LIMIT)) {
                clientLeft();
            } else {
                connection.server().log(label + ": stalled for " + STALL_LIMIT + " and the client never left");
                drop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the TCP connection abruptly, without the body's end marker. */
    public void drop() {
        ended = true;
        responder.keepConnection(false);
        connection.close();
    }

    /** Ends the body properly: the terminating chunk, or closing the connection for close-delimited bodies. */
    public void finish() {
        if (ended) {
            return;
        }
        ended = true;
        if (framing == StreamFraming.CLOSE_DELIMITED) {
            connection.close();
            return;
        }
        try {
            connection.out().write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            connection.out().flush();
        } catch (IOException e) {
            connection.server().log(label + ": final chunk not delivered: " + e);
            responder.keepConnection(false);
        }
    }

    private boolean clientLeft() {
        if (!ended) {
            ended = true;
            responder.keepConnection(false);
            connection.server().clientAborted(label);
        }
        return false;
    }
}
