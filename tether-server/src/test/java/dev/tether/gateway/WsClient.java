package dev.tether.gateway;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A protocol test client on the JDK's WebSocket: records every frame it receives, can stop reading (to make
 * the server back up), answer pings or not, and die abruptly.
 */
final class WsClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    /** Payloads of the pongs received, as text. */
    final List<String> pongs = new CopyOnWriteArrayList<>();
    private final WebSocket socket;
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean answerPings = true;
    private volatile boolean reading = true;
    private final AtomicInteger requestIds = new AtomicInteger();

    private WsClient(WebSocket socket) {
        this.socket = socket;
    }

    static WsClient connect(int port, Map<String, String> headers) {
        Holder holder = new Holder();
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
        headers.forEach(b::header);
        WebSocket ws = b.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), holder).join();
        holder.client = new WsClient(ws);
        holder.ready.complete(null);
        return holder.client;
    }

    static WsClient connect(int port) {
        return connect(port, Map.of());
    }

    /** Connects and completes the handshake without a token. */
    static WsClient hello(int port) {
        WsClient c = connect(port);
        c.send("{\"type\":\"hello\",\"v\":1}");
        c.await("welcome");
        return c;
    }

    String nextId() {
        return "r" + requestIds.incrementAndGet();
    }

    void send(String json) {
        socket.sendText(json, true).join();
    }

    /** Sends one fragment of a text message. */
    void sendPart(String text, boolean last) {
        socket.sendText(text, last).join();
    }

    void sendBinary(byte[] data) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).join();
    }

    /** A WebSocket ping (a control frame, not the protocol's ping). */
    void sendPing(String payload) {
        socket.sendPing(java.nio.ByteBuffer.wrap(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8))).join();
    }

    void answerPings(boolean answer) {
        answerPings = answer;
    }

    /** Stops reading: frames pile up in the socket and then on the server. */
    void pauseReading() {
        reading = false;
    }

    void resumeReading() {
        reading = true;
        socket.request(1);
    }

    JsonNode await(String type) {
        return await(f -> f.path("type").asText().equals(type), Duration.ofSeconds(10));
    }

    /** Waits for a frame; fails at once, with the close code, if the connection closes before it comes. */
    JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        Awaitility.await().atMost(timeout).until(() -> closeCode.isDone() || frames.stream().anyMatch(match));
        return frames.stream().filter(match).findFirst().orElseThrow(() -> new AssertionError(
                "the server closed the connection (code " + closeCode.join() + ") before the awaited frame came; "
                        + frames.size() + " frames received, the last: "
                        + (frames.isEmpty() ? "none" : abbreviate(frames.getLast().toString()))));
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** Frames of a type, in arrival order. */
    List<JsonNode> ofType(String type) {
        return frames.stream().filter(f -> f.path("type").asText().equals(type)).toList();
    }

    int awaitClose(Duration timeout) throws Exception {
        return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Kills the connection without a close handshake, like a crashed tab. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(1000, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private static final class Holder implements WebSocket.Listener {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        volatile WsClient client;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            ready.join();
            WsClient c = client;
            c.partial.append(data);
            if (last) {
                String text = c.partial.toString();
                c.partial.setLength(0);
                try {
                    JsonNode frame = JSON.readTree(text);
                    c.frames.add(frame);
                    if (c.answerPings && frame.path("type").asText().equals("ping")) {
                        ws.sendText("{\"type\":\"pong\",\"t\":" + frame.path("t").asLong() + "}", true);
                    }
                } catch (Exception e) {
                    throw new AssertionError("Server sent a frame that is not JSON: " + text, e);
                }
            }
            if (c.reading) {
                ws.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, java.nio.ByteBuffer message) {
            ready.join();
            client.pongs.add(java.nio.charset.StandardCharsets.UTF_8.decode(message).toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            ready.join();
            client.closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            ready.join();
            client.closeCode.complete(1006);
        }
    }
}
