package dev.tether.gateway;

import dev.tether.live.Conversations;
import dev.tether.live.EditRefusals;
import dev.tether.live.Frames;
import dev.tether.live.LiveConversations;
import dev.tether.live.OutboundFrame;
import dev.tether.live.TurnRunner;
import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.store.NewUserMessage;
import dev.tether.store.StoreException;
import dev.tether.store.StoredJob;
import dev.tether.store.Submitted;
import dev.tether.store.TokenOwner;
import dev.tether.queue.QueueFullException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket endpoint. Frames are parsed on the I/O thread (cheap); requests that touch the store run on
 * the connection's {@link SerialExecutor}; model and tool work runs in {@link TurnRunner}. One timer sweeps
 * all connections each second: pings, dead peers, late handshakes, stuck closes; and every
 * {@code server.token-recheck} starts a {@link TokenRecheck}, which closes connections whose token was revoked.
 *
 * <p>Connections are served on Jetty's core WebSocket API ({@link #newEndpoint}, an {@link Endpoint} each),
 * not as a Javalin route or through Jetty's higher-level WebSocket API: both keep the upgrade request or
 * response of every connection (and with it Jetty's HTTP connection, parser and channel, and with Javalin an
 * HTTP session) for as long as it is open, which was most of the heap an idle connection cost. What stays per
 * connection is Jetty's socket and WebSocket session, an {@link Endpoint} and a {@link Connection}.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewaySettings settings;
    private final ConversationStore store;
    private final LiveConversations live;
    private final TurnRunner turns;
    private final Conversations conversations;
    private final Authenticator authenticator;
    private final RateLimiter rates;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    /** Each user's connections past the handshake; a set's size is what the per-user limit counts. */
    private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ws-heartbeat").daemon().factory());
    private final MemoryWatchdog watchdog;
    private final TokenRecheck tokenRecheck;
    private long lastSweepMillis;

    public Gateway(GatewaySettings settings, ConversationStore store, LiveConversations live, TurnRunner turns,
                   Conversations conversations, Authenticator authenticator) {
        this(settings, store, live, turns, conversations, authenticator, JVM_HEAP);
    }

    /** The heap as the last garbage collection left it, over its maximum: what the memory watchdog reads. */
    public static final java.util.function.DoubleSupplier JVM_HEAP = MemoryWatchdog::heapAfterLastGc;

    /** With {@code heapFullness} (0..1) read by the memory watchdog instead of the JVM's heap, for tests. */
    public Gateway(GatewaySettings settings, ConversationStore store, LiveConversations live, TurnRunner turns,
                   Conversations conversations, Authenticator authenticator,
                   java.util.function.DoubleSupplier heapFullness) {
        this.watchdog = new MemoryWatchdog(settings.memoryHighWater(), heapFullness);
        this.settings = settings;
        this.store = store;
        this.live = live;
        this.turns = turns;
        this.conversations = conversations;
        this.authenticator = authenticator;
        this.rates = new RateLimiter(settings.messagesPerMinute());
        this.tokenRecheck = new TokenRecheck(authenticator, connections::values);
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        long recheck = settings.tokenRecheck().toMillis();
        if (recheck > 0) {
            timer.scheduleWithFixedDelay(tokenRecheck::start, recheck, recheck, TimeUnit.MILLISECONDS);
        }
    }

    /** The endpoint of one connection being upgraded (the origin was checked before). */
    public FrameHandler newEndpoint() {
        return new Endpoint(this);
    }

    /** A connection is open: its limits, and its {@link Connection}. */
    Connection opened(CoreSession session) {
        // inbound frames; Endpoint limits messages assembled from several frames to the same. What we send may be
        // larger (a snapshot of long replies): Jetty splits it into frames of this size (auto-fragment)
        session.setMaxFrameSize(settings.maxFrameBytes());
        // our heartbeat decides when a peer is dead; Jetty's idle timeout is only a backstop
        session.setIdleTimeout(settings.deadAfter().multipliedBy(2));
        Connection c = new Connection(UUID.randomUUID().toString(), session, settings.maxOutgoingBytes(), now());
        connections.put(c.id, c);
        return c;
    }

    int maxFrameBytes() {
        return settings.maxFrameBytes();
    }

    void binary(Connection c) {
        refuse(c, new FrameException("invalid_frame", "", "Binary frames are not accepted; send JSON in text frames."));
    }

    void failed(Connection c, Throwable cause) {
        LOG.debug("WebSocket error on {}: {}", c == null ? "a connection not yet open" : c.id, String.valueOf(cause));
    }

    public int connections() {
        return connections.size();
    }

    /**
     * Sends {@code frame} to every connection {@code user} has open (past its welcome) that asked for list updates
     * in its hello, whatever it follows: how changes to the user's conversation list
     * ({@link dev.tether.live.Conversations}) reach every tab and device. Opt-in, so a user with many connections
     * that need no list (a load generator, a bot) does not make every change cost a frame on each.
     */
    public void toUser(String user, OutboundFrame frame) {
        Set<Connection> mine = byUser.get(user);
        if (mine == null) {
            return;
        }
        for (Connection c : mine) {
            if (c.welcomed && c.listUpdates) {
                c.send(frame);
            }
        }
    }

    /** Times the memory watchdog acted. */
    public long watchdogTriggered() {
        return watchdog.triggered();
    }

    /** Connections the memory watchdog closed. */
    public long watchdogClosed() {
        return watchdog.closed();
    }

    void onText(Connection c, String text) {
        c.lastInboundMillis = now();
        if (text.length() > settings.maxFrameBytes()) {
            c.close(1009, "message larger than " + settings.maxFrameBytes() + " bytes");
            return;
        }
        ClientFrame frame;
        try {
            frame = ClientFrames.parse(text);
        } catch (FrameException e) {
            if (c.state() == Connection.State.AWAITING_HELLO) {
                handshakeRequired(c, "the first frame must be hello, but it could not be read: " + e.getMessage());
                return;
            }
            refuse(c, e);
            return;
        }
        if (frame instanceof ClientFrame.Pong) {
            return;
        }
        c.lastUsedMillis = c.lastInboundMillis;
        if (c.state() == Connection.State.AWAITING_HELLO && !(frame instanceof ClientFrame.Hello)) {
            handshakeRequired(c, "Expected a 'hello' frame first but got '" + typeName(frame) + "'.");
            return;
        }
        if (!c.requests.execute(() -> handle(c, frame))) {
            c.send(OutboundFrame.control(Frames.error(frame.id(), "busy", "Too many requests are waiting on this "
                    + "connection (" + SerialExecutor.MAX_PENDING + "). Wait for answers before sending more.", true, 1000)));
        }
    }

    private void handle(Connection c, ClientFrame frame) {
        if (c.state() == Connection.State.CLOSING) {
            // Closed while this waited (token revoked, slow consumer, client gone): its answer cannot be delivered,
            // and after a revocation it must not run as the user. Clients resend unanswered messages (same id).
            return;
        }
        try {
            switch (frame) {
                case ClientFrame.Hello h -> hello(c, h);
                case ClientFrame.Subscribe s -> subscribe(c, s);
                case ClientFrame.Unsubscribe u -> unsubscribe(c, u);
                case ClientFrame.Send s -> send(c, s);
                case ClientFrame.Stop s -> stop(c, s);
                case ClientFrame.Retry r -> retry(c, r);
                case ClientFrame.Create cr -> create(c, cr);
                case ClientFrame.Pong p -> { }
            }
        } catch (FrameException e) {
            refuse(c, e);
        } catch (StoreException.NotFound e) {
            // the conversation was deleted while the request was on its way (its subscription is gone already)
            String conversation = frame.conversation();
            c.subscriptions.remove(conversation);
            refuse(c, new FrameException("not_found", frame.id(), "No conversation '" + conversation + "' for user '"
                    + c.user() + "': it was deleted. List yours with GET /api/conversations or create one."));
        } catch (StoreException e) {
            LOG.error("Store failed on {} for {}: {}", typeName(frame), c.user(), e.getMessage(), e);
            c.send(OutboundFrame.control(Frames.error(frame.id(), "internal", "The server could not read or write "
                    + "its database (" + e.getMessage() + "). Try again shortly.", true, 2000)));
        } catch (RuntimeException e) {
            // every request gets an answer, even when the server itself is at fault
            LOG.error("Request {} of {} failed: {}", typeName(frame), c.user(), e.toString(), e);
            c.send(OutboundFrame.control(Frames.error(frame.id(), "internal", "The server failed on this request ("
                    + e.getClass().getSimpleName() + "). Try again; if it keeps failing, check the server log.", true, 2000)));
        }
    }

    private void hello(Connection c, ClientFrame.Hello h) {
        if (c.state() != Connection.State.AWAITING_HELLO) {
            throw new FrameException("invalid_frame", "", "This connection already said hello.");
        }
        if (h.version() != 1) {
            c.send(OutboundFrame.control(Frames.error("", "unsupported_version", "Protocol version " + h.version()
                    + " is not supported; this server speaks version 1. Update the client.", false, 0)));
            c.close(4002, "unsupported protocol version");
            return;
        }
        Optional<TokenOwner> owner = authenticator.authenticate(h.token());
        if (owner.isEmpty()) {
            c.send(OutboundFrame.control(Frames.error("", "unauthorized", h.token().isEmpty()
                    ? "This server needs an access token. Create one with 'tether token create --user NAME' and "
                    + "send it in the hello frame."
                    : "The access token is unknown or revoked. Create a new one with 'tether token create'.", false, 0)));
            c.close(4001, "unauthorized");
            return;
        }
        String user = owner.get().userName();
        boolean[] admitted = {false};
        byUser.compute(user, (u, mine) -> {
            Set<Connection> set = mine != null ? mine : ConcurrentHashMap.newKeySet();
            admitted[0] = set.size() < settings.maxConnectionsPerUser() && set.add(c);
            return set.isEmpty() ? null : set;
        });
        if (!admitted[0]) {
            c.send(OutboundFrame.control(Frames.error("", "too_many_connections", "User '" + user + "' already has "
                    + settings.maxConnectionsPerUser() + " connections open. Close a tab or device and try again.",
                    true, 5000)));
            c.close(4008, "too many connections");
            return;
        }
        c.open(user, owner.get().tokenId());
        c.listUpdates = h.listUpdates();
        c.send(OutboundFrame.control(Frames.object("welcome", g -> {
            g.writeNumberField("v", 1);
            g.writeStringField("session", c.id);
            g.writeStringField("user", user);
            g.writeNumberField("heartbeatMs", settings.heartbeat().toMillis());
            g.writeNumberField("deadAfterMs", settings.deadAfter().toMillis());
            g.writeNumberField("maxFrameBytes", settings.maxFrameBytes());
        })));
        c.welcomed = true;
    }

    private void subscribe(Connection c, ClientFrame.Subscribe s) {
        owned(c, s.id(), s.conversation());
        c.subscriptions.add(s.conversation());
        live.run(s.conversation(), hub -> hub.subscribe(c, s.id(), s.epoch(), s.after()));
    }

    private void unsubscribe(Connection c, ClientFrame.Unsubscribe u) {
        if (c.subscriptions.remove(u.conversation())) {
            live.run(u.conversation(), hub -> hub.unsubscribe(c));
        }
        ack(c, u.id(), g -> g.writeStringField("conversation", u.conversation()));
    }

    private void send(Connection c, ClientFrame.Send s) {
        owned(c, s.id(), s.conversation());
        long wait = rates.acquire(c.user(), now());
        if (wait > 0) {
            throw new RateLimited(s.id(), wait, settings.messagesPerMinute());
        }
        Submitted r;
        try {
            r = turns.send(new NewUserMessage(s.conversation(), s.clientMessageId(), s.text(), s.replaces()));
        } catch (StoreException.EditRefused e) {
            // not an invalid frame: the conversation moved on (another tab sent, a reply started)
            c.send(OutboundFrame.control(Frames.error(s.id(), EditRefusals.code(e), e.getMessage(), false, 0)));
            return;
        } catch (QueueFullException e) {
            c.send(OutboundFrame.control(Frames.error(s.id(), "busy", e.getMessage(), true, e.retryAfter().toMillis())));
            return;
        } catch (TurnRunner.ShuttingDown e) {
            c.send(OutboundFrame.control(Frames.error(s.id(), "shutting_down", e.getMessage(), true, 2000)));
            return;
        }
        ack(c, s.id(), g -> {
            g.writeStringField("clientMessageId", s.clientMessageId());
            g.writeNumberField("messageId", r.message().id());
            g.writeBooleanField("duplicate", r.duplicate());
        });
    }

    private void stop(Connection c, ClientFrame.Stop s) {
        owned(c, s.id(), s.conversation());
        boolean stopped = turns.stop(s.conversation());
        ack(c, s.id(), g -> g.writeBooleanField("stopped", stopped));
    }

    private void retry(Connection c, ClientFrame.Retry r) {
        owned(c, r.id(), r.conversation());
        StoredJob job;
        try {
            job = turns.retry(r.conversation(), r.messageId());
        } catch (QueueFullException e) {
            c.send(OutboundFrame.control(Frames.error(r.id(), "busy", e.getMessage(), true, e.retryAfter().toMillis())));
            return;
        } catch (TurnRunner.ShuttingDown e) {
            c.send(OutboundFrame.control(Frames.error(r.id(), "shutting_down", e.getMessage(), true, 2000)));
            return;
        } catch (StoreException.NotFound | IllegalArgumentException e) {
            throw new FrameException("not_found", r.id(), "Cannot retry message " + r.messageId() + " in conversation '"
                    + r.conversation() + "': " + e.getMessage());
        }
        ack(c, r.id(), g -> {
            g.writeNumberField("messageId", r.messageId());
            g.writeNumberField("attempts", job.attempts());
        });
    }

    private void create(Connection c, ClientFrame.Create cr) {
        Conversation conversation = conversations.create(c.user(), cr.title());
        ack(c, cr.id(), g -> g.writeStringField("conversation", conversation.id()));
    }

    private void owned(Connection c, String requestId, String conversationId) {
        if (c.subscriptions.contains(conversationId)) {
            return; // checked when subscribed; a deleted conversation leaves the set (Connection.deleted)
        }
        Optional<Conversation> conversation = store.conversation(conversationId);
        if (conversation.isEmpty() || !conversation.get().owner().equals(c.user())) {
            throw new FrameException("not_found", requestId, "No conversation '" + conversationId + "' for user '"
                    + c.user() + "'. List yours with GET /api/conversations or create one.");
        }
    }


    private static void ack(Connection c, String requestId, Frames.Body body) {
        c.send(OutboundFrame.control(Frames.object("ack", g -> {
            g.writeStringField("id", requestId);
            body.write(g);
        })));
    }

    private void refuse(Connection c, FrameException e) {
        if (e instanceof RateLimited r) {
            c.send(OutboundFrame.control(Frames.error(r.requestId(), "rate_limited", r.getMessage(), true, r.waitMillis)));
            return;
        }
        c.send(OutboundFrame.control(Frames.error(e.requestId(), e.code(), e.getMessage(), false, 0)));
        if (c.tooManyInvalid(now(), settings.invalidFramesPerMinute())) {
            c.close(4003, "too many invalid frames");
        }
    }

    private void handshakeRequired(Connection c, String message) {
        c.send(OutboundFrame.control(Frames.error("", "handshake_required", message, false, 0)));
        c.close(4002, "handshake required");
    }

    void closed(Connection c) {
        if (c == null || connections.remove(c.id) == null) {
            return;
        }
        c.close(1000, "closed");
        for (String conversation : c.subscriptions) {
            live.run(conversation, hub -> hub.unsubscribe(c));
        }
        if (!c.user().isEmpty()) {
            byUser.computeIfPresent(c.user(), (u, mine) -> mine.remove(c) && mine.isEmpty() ? null : mine);
        }
    }

    /** Once a second: ping, close the dead and the late, forget idle conversations. */
    private void tick() {
        long now = now();
        String ping = Frames.object("ping", g -> g.writeNumberField("t", now));
        for (Connection c : connections.values()) {
            try {
                switch (c.state()) {
                    case AWAITING_HELLO -> {
                        if (now - c.openedMillis > settings.handshakeTimeout().toMillis()) {
                            handshakeRequired(c, "No hello frame within " + settings.handshakeTimeout().toSeconds() + " s.");
                        }
                    }
                    case OPEN -> {
                        if (now - c.lastInboundMillis > settings.deadAfter().toMillis()) {
                            c.close(4010, "no sign of life for " + settings.deadAfter().toSeconds() + " s");
                        } else if (now - c.lastPingMillis >= settings.heartbeat().toMillis()) {
                            c.lastPingMillis = now;
                            c.send(OutboundFrame.control(ping));
                        }
                    }
                    case CLOSING -> {
                        if (now - c.closingSinceMillis > 5_000) {
                            c.session.abort(); // the peer never completed the close handshake
                            closed(c);
                        }
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Heartbeat on connection {} failed: {}", c.id, e.toString());
            }
        }
        try {
            watchdog.check(now, java.util.List.copyOf(connections.values()));
        } catch (RuntimeException e) {
            LOG.warn("Memory watchdog failed: {}", e.toString());
        }
        if (now - lastSweepMillis > 30_000) {
            lastSweepMillis = now;
            live.sweep();
        }
    }

    private static String typeName(ClientFrame frame) {
        return frame.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (Connection c : connections.values()) {
            c.close(1001, "server shutting down; reconnect");
        }
    }

    /** A send over the user's message rate. */
    private static final class RateLimited extends FrameException {
        final long waitMillis;

        RateLimited(String requestId, long waitMillis, int perMinute) {
            super("rate_limited", requestId, "Too many messages: at most " + perMinute + " per minute. Wait "
                    + Math.max(1, (waitMillis + 999) / 1000) + " s and send again.");
            this.waitMillis = waitMillis;
        }
    }
}
