package dev.tether.testkit.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Writes the response to one request: either a complete body ({@link #send}) or a stream of server-sent
 * events ({@link #openEventStream}). Use exactly one of them, once. Not thread-safe: the handler thread owns it.
 */
public final class Responder {
    private final Connection connection;
    private final IncomingRequest request;
    private boolean started;
    private boolean keepConnection = true;

    Responder(Connection connection, IncomingRequest request) {
        this.connection = connection;
        this.request = request;
    }

    /** Sends a complete response with a Content-Length body. */
    public void send(int status, String contentType, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = statusLine(status);
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Type: ").append(contentType).append("\r\n");
        head.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        OutputStream out = connection.out();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    /**
     * Starts a {@code text/event-stream} response.
     *
     * @param framing chunked (the connection can be reused) or delimited by closing the connection
     */
    public EventStream openEventStream(int status, Map<String, String> headers, StreamFraming framing)
            throws IOException {
        StringBuilder head = statusLine(status);
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\n");
        if (framing == StreamFraming.CHUNKED) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else {
            head.append("Connection: close\r\n");
            keepConnection = false;
        }
        head.append("\r\n");
        OutputStream out = connection.out();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return new EventStream(connection, this, framing, request.method() + " " + request.target());
    }

    /** Closes the connection without sending anything, as a crashed server would. */
    public void dropConnection() {
        started = true;
        keepConnection = false;
        connection.close();
    }

    /**
     * Sends nothing at all and blocks until the client gives up and closes the connection (counted in
     * {@link LoopbackHttpServer#clientAborts()}), or 5 minutes pass, or the server closes.
     */
    public void hold() {
        started = true;
        keepConnection = false;
        String label = request.method() + " " + request.target();
        try {
            if (connection.awaitClientGone(Duration.ofMinutes(5))) {
                connection.server().clientAborted(label);
            } else {
                connection.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private StringBuilder statusLine(int status) {
        if (started) {
            throw new IllegalStateException("Response to " + request.target() + " was already started");
        }
        started = true;
        return new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    }

    void failIfNotStarted(Throwable failure) {
        if (started) {
            keepConnection = false;
            return;
        }
        try {
            send(500, "text/plain; charset=utf-8", "fake server failed: " + failure, Map.of());
        } catch (IOException e) {
            keepConnection = false;
            connection.server().log("could not report handler failure " + failure + ": " + e);
        }
    }

    boolean keepsConnection() {
        return keepConnection;
    }

    void keepConnection(boolean keep) {
        keepConnection = keep;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 529 -> "Overloaded";
            default -> "Status " + status;
        };
    }
}
