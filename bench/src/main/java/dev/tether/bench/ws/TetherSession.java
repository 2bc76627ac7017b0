package dev.tether.bench.ws;

import dev.tether.bench.nio.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One client of the Tether WebSocket protocol (docs/protocol.md) over a {@link WsConnection}: the handshake,
 * requests answered by {@code ack}/{@code error}/{@code subscribed} (matched by request id), pongs for pings,
 * and positioned frames routed to the {@link ConversationListener} of their conversation. Counts the wire
 * bytes of every frame it receives, pings apart. Runs on its loop thread; the methods returning futures may
 * be called from any thread.
 */
public final class TetherSession implements WsConnection.Listener {
    /** Receives a conversation's positioned frames (and its snapshot), on the loop thread. */
    @FunctionalInterface
    public interface ConversationListener {
        void onFrame(String type, String json, long arrivalNanos, int wireBytes);
    }

    private final CompletableFuture<String> welcome = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final Map<String, Consumer<String>> pending = new HashMap<>();
    private final Map<String, ConversationListener> conversations = new HashMap<>();
    private final WsConnection connection;
    private long requestIds;
    private long bytesNoPing;
    private long framesIn;
    private long errors;
    private String lastError = "";
    private int closeCode;

    private TetherSession(EventLoop loop, InetSocketAddress server, InetAddress source) {
        this.connection = WsConnection.open(loop, server, source, "/ws", this);
    }

    /** Connects and says hello; {@link #welcome()} completes with the welcome frame. */
    public static TetherSession connect(EventLoop loop, InetSocketAddress server, InetAddress source) {
        return new TetherSession(loop, server, source);
    }

    public CompletableFuture<String> welcome() {
        return welcome;
    }

    /** Completes with the close code when the connection ends. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    public WsConnection connection() {
        return connection;
    }

    /** Wire bytes of all frames received except pings (header + payload). Loop thread. */
    public long bytesNoPing() {
        return bytesNoPing;
    }

    public long framesIn() {
        return framesIn;
    }

    public long errors() {
        return errors;
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public void onOpen(WsConnection c) {
        c.sendText("{\"type\":\"hello\",\"v\":1,\"client\":\"tether-bench/1\"}");
    }

    @Override
    public void onClosed(WsConnection c, int code, String reason) {
        closeCode = code;
        welcome.completeExceptionally(new IllegalStateException("closed " + code + " " + reason));
        closed.complete(code);
    }

    public int closeCode() {
        return closeCode;
    }

    /** Creates a conversation; completes with its id. */
    public CompletableFuture<String> create(String title) {
        CompletableFuture<String> f = new CompletableFuture<>();
        request(id -> "{\"type\":\"create\",\"id\":\"" + id + "\",\"title\":\"" + title + "\"}", ack -> {
            String conv = JsonScan.str(ack, "conversation");
            if (conv == null) {
                f.completeExceptionally(new IllegalStateException("create failed: " + ack));
            } else {
                f.complete(conv);
            }
        });
        return f;
    }

    /**
     * Subscribes (first time: no epoch) with {@code listener} for the conversation's frames; completes with the
     * snapshot's {@code seq}.
     */
    public CompletableFuture<Long> subscribe(String conversation, ConversationListener listener) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        connection.loop().execute(() -> {
            conversations.put(conversation, (type, json, arrival, wire) -> {
                if (type.equals("snapshot") && !f.isDone()) {
                    f.complete(JsonScan.num(json, "seq", -1));
                }
                listener.onFrame(type, json, arrival, wire);
            });
            request(id -> "{\"type\":\"subscribe\",\"id\":\"" + id + "\",\"conversation\":\"" + conversation + "\"}",
                    answer -> {
                        if (!"subscribed".equals(JsonScan.str(answer, "type"))) {
                            f.completeExceptionally(new IllegalStateException("subscribe failed: " + answer));
                        }
                    });
        });
        return f;
    }

    /**
     * Sends a user message; {@code onAnswer} gets the ack (or error) frame with the time it arrived. Call on the
     * loop thread.
     */
    public void send(String conversation, String clientMessageId, String text, AnswerListener onAnswer) {
        request(id -> "{\"type\":\"send\",\"id\":\"" + id + "\",\"conversation\":\"" + conversation
                + "\",\"clientMessageId\":\"" + clientMessageId + "\",\"text\":\"" + text + "\"}",
                answer -> onAnswer.onAnswer(answer, System.nanoTime()));
    }

    /** An ack or error for a request, on the loop thread. */
    @FunctionalInterface
    public interface AnswerListener {
        void onAnswer(String json, long arrivalNanos);
    }

    private void request(java.util.function.Function<String, String> frame, Consumer<String> onAnswer) {
        Runnable r = () -> {
            String id = Long.toString(++requestIds);
            pending.put(id, onAnswer);
            connection.sendText(frame.apply(id));
        };
        if (connection.loop().inLoop()) {
            r.run();
        } else {
            connection.loop().execute(r);
        }
    }

    /** Closes politely (close frame). */
    public void close() {
        connection.close();
    }

    @Override
    public void onText(WsConnection c, String text, long arrivalNanos, int wireBytes) {
        framesIn++;
        String type = JsonScan.str(text, "type");
        if ("ping".equals(type)) {
            c.sendText("{\"type\":\"pong\",\"t\":" + JsonScan.num(text, "t", 0) + "}");
            return;
        }
        bytesNoPing += wireBytes;
        if (type == null) {
            errors++;
            lastError = "frame without type: " + text;
            return;
        }
        switch (type) {
            case "welcome" -> welcome.complete(text);
            case "ack", "subscribed" -> answer(text);
            case "error" -> {
                errors++;
                lastError = text;
                answer(text);
            }
            default -> {
                String conv = JsonScan.str(text, "conversation");
                ConversationListener l = conv == null ? null : conversations.get(conv);
                if (l != null) {
                    l.onFrame(type, text, arrivalNanos, wireBytes);
                }
            }
        }
    }

    private void answer(String text) {
        String id = JsonScan.str(text, "id");
        Consumer<String> callback = id == null ? null : pending.remove(id);
        if (callback != null) {
            callback.accept(text);
        }
    }
}
