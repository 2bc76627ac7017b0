package dev.tether.faults.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.faults.history.Entry.Kind;
import dev.tether.faults.history.History;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A well-behaved client of protocol v1 (docs/protocol.md) that records every frame in its {@link History}:
 * says hello, follows conversations (resuming with epoch and last position after every reconnect, re-subscribing
 * on a gap, ignoring duplicates), answers pings, sends with a client message id and re-sends until acknowledged,
 * treats a connection silent for {@link Settings#silence()} as dead, and reconnects with jittered exponential
 * backoff. One supervisor virtual thread owns the connection's life; frames are handled on the reader thread.
 * All public methods are thread-safe.
 */
public final class ChatClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The note recorded when the client closes by itself: what it shows from then on is its final view. */
    public static final String CLOSING_NOTE = "closing";

    /**
     * @param server where to connect, asked before each attempt (a proxy's address, or the restarted server's)
     * @param silence a connection that delivered no frame for this long is closed and replaced
     * @param backoffMin first reconnect delay (then doubled up to {@code backoffMax}, each times a factor in [0.5, 1])
     * @param resendAfter an unacknowledged send is sent again after this long on the same connection
     */
    public record Settings(String name, Supplier<InetSocketAddress> server, Duration silence, Duration backoffMin,
                           Duration backoffMax, Duration resendAfter, int receiveBuffer) {
        public Settings withName(String other) {
            return new Settings(other, server, silence, backoffMin, backoffMax, resendAfter, receiveBuffer);
        }
    }

    private final Settings settings;
    private final History history;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Track> tracks = new LinkedHashMap<>();
    private final Map<String, Outgoing> outbox = new LinkedHashMap<>();
    private final Map<String, Long> acked = new HashMap<>();
    private final Set<Long> replied = new HashSet<>();
    private final Thread supervisor;
    private WsSocket socket;
    private int connection;
    private boolean welcomed;
    private long lastInboundNanos;
    private long requestIds;
    private long messageIds;
    private int failures;
    private volatile boolean closed;

    /** What the client knows of one conversation it follows. */
    private static final class Track {
        String epoch;
        long last = -1;
        boolean live;
        long streamingUser;
        /** Replies seen final (in the last snapshot or live since); ids up to {@code floor} were not in it. */
        final Set<Long> finals = new HashSet<>();
        long floor;
    }

    private record Outgoing(String conversation, String text, long sentNanos) {
        Outgoing sentAt(long nanos) {
            return new Outgoing(conversation, text, nanos);
        }
    }

    private ChatClient(Settings settings, History history) {
        this.settings = settings;
        this.history = history;
        this.supervisor = Thread.ofVirtual().name("client-" + settings.name()).unstarted(this::supervise);
    }

    /** Starts connecting at once. */
    public static ChatClient start(Settings settings, History history) {
        ChatClient c = new ChatClient(settings, history);
        c.supervisor.start();
        return c;
    }

    public String name() {
        return settings.name();
    }

    public History history() {
        return history;
    }

    /** Follows {@code conversation} now (if connected) and after every reconnect. */
    public void follow(String conversation) {
        lock.lock();
        try {
            tracks.putIfAbsent(conversation, new Track());
            if (welcomed) {
                subscribe(conversation);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends a new user message (retried until acknowledged); returns its client message id. */
    public String send(String conversation, String text) {
        lock.lock();
        try {
            String cid = settings.name() + "-" + (++messageIds);
            outbox.put(cid, new Outgoing(conversation, text, 0));
            if (welcomed) {
                transmit(cid);
            }
            return cid;
        } finally {
            lock.unlock();
        }
    }

    /** Sends {@code json} as it is on the current connection, if there is one (for duplicate-send faults). */
    public boolean sendRaw(String json) {
        lock.lock();
        try {
            return welcomed && write(json);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every followed conversation is live (subscribed, and its snapshot received if one was due). */
    public boolean awaitLive(Duration timeout) {
        return await(timeout, () -> welcomed && tracks.values().stream().allMatch(t -> t.live));
    }

    /** Waits until {@code clientMessageId} is acknowledged; returns the stored message id. */
    public Optional<Long> awaitAck(String clientMessageId, Duration timeout) {
        await(timeout, () -> acked.containsKey(clientMessageId));
        return ack(clientMessageId);
    }

    public Optional<Long> ack(String clientMessageId) {
        lock.lock();
        try {
            return Optional.ofNullable(acked.get(clientMessageId));
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the reply to {@code clientMessageId} is seen finished (live, or in a snapshot). */
    public boolean awaitReply(String clientMessageId, Duration timeout) {
        return await(timeout, () -> acked.containsKey(clientMessageId) && replied.contains(acked.get(clientMessageId)));
    }

    /** Waits until this client has seen the reply to the stored user message {@code messageId} finish. */
    public boolean awaitReplyTo(long messageId, Duration timeout) {
        return await(timeout, () -> replied.contains(messageId));
    }

    /** Waits until a reply is streaming in {@code conversation} (a turn started and not yet finished). */
    public boolean awaitStreaming(String conversation, Duration timeout) {
        return await(timeout, () -> tracks.containsKey(conversation) && tracks.get(conversation).streamingUser != 0);
    }

    public boolean streaming(String conversation) {
        lock.lock();
        try {
            Track t = tracks.get(conversation);
            return t != null && t.live && t.streamingUser != 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until this client is live on every conversation of {@code finalReplies} it follows and has seen each
     * of those replies finish (the settled state at the end of a scenario: what the checker then compares).
     */
    public boolean awaitCaughtUp(Map<String, Set<Long>> finalReplies, Duration timeout) {
        return await(timeout, () -> closed || welcomed && tracks.entrySet().stream()
                .filter(e -> finalReplies.containsKey(e.getKey()))
                .allMatch(e -> e.getValue().live && finalReplies.get(e.getKey()).stream()
                        .allMatch(id -> id <= e.getValue().floor || e.getValue().finals.contains(id))));
    }

    /** Whether the client still runs (not closed, not killed for good). */
    public boolean running() {
        return !closed;
    }

    /** Kills the connection for good (TCP reset, no close frame, no reconnect), like closing a tab by killing it. */
    public void killForGood(String why) {
        closed = true;
        kill(why);
        supervisor.interrupt();
    }

    /** Kills the connection (TCP reset, no close frame), as if the client process died; it comes back by itself. */
    public void kill(String why) {
        WsSocket s;
        lock.lock();
        try {
            s = socket;
            history.add(connection, Kind.NOTE, "killed: " + why, 0);
        } finally {
            lock.unlock();
        }
        if (s != null) {
            s.abort();
        }
    }

    public int connections() {
        lock.lock();
        try {
            return connection;
        } finally {
            lock.unlock();
        }
    }

    private boolean await(Duration timeout, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!condition.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void supervise() {
        while (!closed) {
            int conn;
            lock.lock();
            try {
                conn = ++connection;
                welcomed = false;
                tracks.values().forEach(t -> t.live = false);
                history.add(conn, Kind.CONNECT, "", 0);
            } finally {
                lock.unlock();
            }
            try {
                WsSocket s = WsSocket.connect(settings.server().get(),
                        new WsSocket.Options(3000, settings.receiveBuffer()), listener(conn));
                lock.lock();
                try {
                    socket = s;
                    lastInboundNanos = System.nanoTime();
                    write("{\"type\":\"hello\",\"v\":1,\"client\":\"tether-faults/1\"}");
                } finally {
                    lock.unlock();
                }
                watch(s, conn);
            } catch (IOException e) {
                history.add(conn, Kind.CLOSED, "connect failed: " + e.getMessage(), 1006);
            }
            if (!closed) {
                backoff();
            }
        }
    }

    /** Until the socket ends: closes it when silent too long, re-sends unacknowledged messages. */
    private void watch(WsSocket s, int conn) {
        lock.lock();
        try {
            long lastLook = System.nanoTime();
            while (!s.ended() && !closed) {
                changed.await(100, TimeUnit.MILLISECONDS);
                long now = System.nanoTime();
                if (now - lastLook > 1_000_000_000L) {
                    // this thread did not run for a second: the process was frozen (SIGSTOP) or starved, so
                    // silence says nothing about the peer yet; give the reader time to catch up first
                    lastInboundNanos = Math.max(lastInboundNanos, now);
                }
                lastLook = now;
                long silentNanos = now - lastInboundNanos;
                if (silentNanos > settings.silence().toNanos() && !s.ended()) {
                    history.add(conn, Kind.NOTE, "silence: no frame for " + silentNanos / 1_000_000
                            + " ms; closing and reconnecting", 0);
                    lock.unlock();
                    try {
                        s.abort();
                    } finally {
                        lock.lock();
                    }
                } else if (welcomed) {
                    for (var e : Map.copyOf(outbox).entrySet()) {
                        if (now - e.getValue().sentNanos() > settings.resendAfter().toNanos()) {
                            transmit(e.getKey());
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void backoff() {
        long base = Math.min(settings.backoffMax().toMillis(), settings.backoffMin().toMillis() << Math.min(failures, 10));
        failures++;
        long delay = (long) (base * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble()));
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private WsSocket.Listener listener(int conn) {
        return new WsSocket.Listener() {
            @Override
            public void onText(String text) {
                received(conn, text);
            }

            @Override
            public void onClosed(int code, String reason) {
                lock.lock();
                try {
                    if (conn == connection) {
                        history.add(conn, Kind.CLOSED, reason, code);
                        welcomed = false;
                        tracks.values().forEach(t -> t.live = false);
                        changed.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    private void received(int conn, String text) {
        lock.lock();
        try {
            if (conn != connection) {
                return; // a frame read from a connection the client already gave up
            }
            lastInboundNanos = System.nanoTime();
            history.add(conn, Kind.RECV, text, 0);
            JsonNode f = JSON.readTree(text);
            String type = f.path("type").asText();
            switch (type) {
                case "ping" -> write("{\"type\":\"pong\",\"t\":" + f.path("t").asLong() + "}");
                case "welcome" -> welcomed();
                case "subscribed" -> subscribed(f);
                case "snapshot" -> snapshot(f);
                case "ack" -> acked(f);
                case "error" -> refused(f);
                default -> {
                    if (f.has("seq") && f.has("conversation")) {
                        positioned(f);
                    }
                }
            }
            changed.signalAll();
        } catch (IOException e) {
            history.add(conn, Kind.NOTE, "unreadable frame: " + e.getMessage(), 0);
        } finally {
            lock.unlock();
        }
    }

    private void welcomed() {
        welcomed = true;
        failures = 0;
        tracks.keySet().forEach(this::subscribe);
        outbox.keySet().forEach(this::transmit);
    }

    private void subscribed(JsonNode f) {
        Track t = tracks.get(f.path("conversation").asText());
        if (t == null) {
            return;
        }
        t.epoch = f.path("epoch").asText();
        t.live = f.path("resumed").asBoolean();
    }

    private void snapshot(JsonNode f) {
        Track t = tracks.get(f.path("conversation").asText());
        if (t == null) {
            return;
        }
        t.epoch = f.path("epoch").asText();
        t.last = f.path("seq").asLong();
        t.live = true;
        JsonNode inflight = f.path("inflight");
        t.streamingUser = inflight.isObject() ? inflight.path("userMessageId").asLong() : 0;
        t.finals.clear();
        long user = 0;
        long minId = Long.MAX_VALUE;
        for (JsonNode m : f.path("messages")) {
            String role = m.path("role").asText();
            minId = Math.min(minId, m.path("id").asLong());
            if (role.equals("user")) {
                user = m.path("id").asLong();
            } else if (role.equals("assistant") && isFinal(m.path("status").asText())) {
                t.finals.add(m.path("id").asLong());
                long question = m.path("replyTo").asLong(user);
                if (question != 0) {
                    replied.add(question);
                }
            }
        }
        t.floor = f.hasNonNull("olderCursor") && minId != Long.MAX_VALUE ? minId - 1 : 0;
    }

    static boolean isFinal(String status) {
        return status.equals("complete") || status.equals("stopped") || status.equals("failed");
    }

    private void positioned(JsonNode f) {
        String conversation = f.path("conversation").asText();
        Track t = tracks.get(conversation);
        if (t == null || !t.live) {
            return;
        }
        long seq = f.path("seq").asLong();
        long first = f.has("firstSeq") ? f.path("firstSeq").asLong() : seq;
        if (seq <= t.last) {
            return; // a duplicate: the protocol says ignore it
        }
        if (t.last >= 0 && first > t.last + 1) {
            history.add(connection, Kind.NOTE, "gap in " + conversation + ": after " + t.last + " came " + first
                    + "; re-subscribing", 0);
            subscribe(conversation);
            return;
        }
        t.last = seq;
        switch (f.path("type").asText()) {
            case "turn_started" -> t.streamingUser = f.path("userMessageId").asLong();
            case "turn_completed", "turn_failed" -> {
                t.finals.add(f.path("messageId").asLong());
                if (t.streamingUser != 0) {
                    replied.add(t.streamingUser);
                }
                t.streamingUser = 0;
            }
            default -> { }
        }
    }

    private void acked(JsonNode f) {
        String cid = f.path("clientMessageId").asText("");
        if (!cid.isEmpty()) {
            outbox.remove(cid);
            acked.put(cid, f.path("messageId").asLong());
        }
    }

    private void refused(JsonNode f) {
        // a request id of a send is "s:<cid>:<n>"; a retryable refusal stays in the outbox for the next round
        String id = f.path("id").asText("");
        if (id.startsWith("s:") && !f.path("retryable").asBoolean()) {
            String cid = id.substring(2, id.lastIndexOf(':'));
            outbox.remove(cid);
            history.add(connection, Kind.NOTE, "send " + cid + " refused: " + f.path("message").asText(), 0);
        }
    }

    private void subscribe(String conversation) {
        Track t = tracks.get(conversation);
        t.live = false;
        ObjectNode frame = JSON.createObjectNode().put("type", "subscribe").put("id", "sub:" + (++requestIds))
                .put("conversation", conversation);
        if (t.epoch != null && t.last >= 0) {
            frame.put("epoch", t.epoch).put("after", t.last);
        }
        write(frame.toString());
    }

    private void transmit(String cid) {
        Outgoing o = outbox.get(cid);
        String frame = JSON.createObjectNode().put("type", "send").put("id", "s:" + cid + ":" + (++requestIds))
                .put("conversation", o.conversation()).put("clientMessageId", cid).put("text", o.text()).toString();
        outbox.put(cid, o.sentAt(System.nanoTime()));
        write(frame);
    }

    /** Writes a frame on the current connection; a failed write ends the connection (the reader notices). */
    private boolean write(String json) {
        WsSocket s = socket;
        if (s == null || s.ended()) {
            return false;
        }
        try {
            history.add(connection, Kind.SENT, json, 0);
            s.sendText(json);
            return true;
        } catch (IOException e) {
            history.add(connection, Kind.NOTE, "write failed: " + e.getMessage(), 0);
            s.abort();
            return false;
        }
    }

    /** Says goodbye (close 1000) and stops reconnecting. */
    @Override
    public void close() {
        WsSocket s;
        lock.lock();
        try {
            if (!closed) {
                history.add(connection, Kind.NOTE, CLOSING_NOTE, 0);
            }
            closed = true;
            s = socket;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (s != null) {
            s.close(1000);
        }
        supervisor.interrupt();
        try {
            supervisor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (s != null) {
            s.abort();
        }
    }
}
