package dev.tether.gateway;

import dev.tether.live.OutboundFrame;
import dev.tether.live.Subscriber;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One WebSocket connection. Outgoing frames go through a bounded queue: at most {@link #MAX_IN_FLIGHT}
 * frames are handed to Jetty at a time (Jetty gathers them into few writes); the rest wait here, where a
 * delta that directly follows the waiting delta of the same conversation is merged into it. When the bytes
 * waiting plus in flight pass {@code maxOutgoingBytes}, the connection is closed with 4009: a slow consumer
 * costs the server a bounded amount, and the client resumes without loss.
 *
 * <p>{@link #send} never blocks and may be called from any thread; it is called with a conversation lock
 * held. This connection's lock is a leaf: it is never held while calling Jetty or anything else that locks.
 */
final class Connection implements Subscriber {
    static final int MAX_IN_FLIGHT = 8;

    enum State { AWAITING_HELLO, OPEN, CLOSING }

    final String id;
    final CoreSession session;
    final long openedMillis;
    final SerialExecutor requests = new SerialExecutor();
    final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private final long maxOutgoingBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private ArrayDeque<OutboundFrame> queue = new ArrayDeque<>(4);
    private long queuedBytes;
    private long inFlightBytes;
    private int inFlight;
    private boolean draining;
    private volatile State state = State.AWAITING_HELLO;
    private volatile String user = "";
    /**
     * The id of the token it signed in with ("" before the hello, and without tokens), for {@link TokenRecheck}.
     * Interned: a user's many connections share one string, and one field is all this costs per connection.
     */
    private volatile String tokenId = "";
    volatile long lastInboundMillis;
    /** Last request from the client (pongs do not count): how stale the connection is for the memory watchdog. */
    volatile long lastUsedMillis;
    volatile long lastPingMillis;
    volatile long closingSinceMillis;
    /** Set once the welcome frame is queued: frames for the whole user ({@link Gateway#toUser}) only come after it. */
    volatile boolean welcomed;
    /** Asked in its hello for every change to the user's conversation list ({@link Gateway#toUser}). */
    volatile boolean listUpdates;
    private final ArrayDeque<Long> invalidFrames = new ArrayDeque<>(2);

    Connection(String id, CoreSession session, long maxOutgoingBytes, long nowMillis) {
        this.id = id;
        this.session = session;
        this.maxOutgoingBytes = maxOutgoingBytes;
        this.openedMillis = nowMillis;
        this.lastInboundMillis = nowMillis;
        this.lastUsedMillis = nowMillis;
        this.lastPingMillis = nowMillis;
    }

    /**
     * The conversation was deleted: no longer subscribed, so a later request about it is checked again; and told,
     * unless it asked for list updates and the owner's list feed tells it.
     */
    @Override
    public void deleted(String conversationId, OutboundFrame frame, boolean ownerTold) {
        subscriptions.remove(conversationId);
        if (!(ownerTold && listUpdates)) {
            send(frame);
        }
    }

    /** Whether nothing is waiting or in flight to this client. */
    boolean idle() {
        lock.lock();
        try {
            return queue.isEmpty() && inFlight == 0;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back the memory of a grown outgoing queue, if nothing is waiting in it (memory watchdog). */
    void trim() {
        lock.lock();
        try {
            if (queue.isEmpty()) {
                queue = new ArrayDeque<>(4);
            }
        } finally {
            lock.unlock();
        }
    }

    State state() {
        return state;
    }

    String user() {
        return user;
    }

    String tokenId() {
        return tokenId;
    }

    /** Past the handshake, as {@code userName} with the token {@code tokenId} ("" for none). */
    void open(String userName, String tokenId) {
        user = userName;
        this.tokenId = tokenId.intern();
        state = State.OPEN;
    }

    @Override
    public void send(OutboundFrame frame) {
        boolean slow;
        lock.lock();
        try {
            if (state == State.CLOSING) {
                return;
            }
            OutboundFrame last = queue.peekLast();
            OutboundFrame toQueue = frame;
            if (last != null && last.canMerge(frame)) {
                queue.pollLast();
                queuedBytes -= last.bytes();
                toQueue = last.merge(frame);
            }
            queue.addLast(toQueue);
            queuedBytes += toQueue.bytes();
            boolean alone = inFlight == 0 && queue.size() == 1; // one big frame (a long snapshot) is not slowness
            slow = queuedBytes + inFlightBytes > maxOutgoingBytes && !alone;
        } finally {
            lock.unlock();
        }
        if (slow) {
            close(4009, "slow consumer: more than " + maxOutgoingBytes + " bytes waiting; reconnect and resume");
        } else {
            drain();
        }
    }

    /** Bytes waiting or in flight; for tests and metrics. */
    long pendingBytes() {
        lock.lock();
        try {
            return queuedBytes + inFlightBytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands waiting frames to Jetty, in order, at most {@link #MAX_IN_FLIGHT} at a time. One thread at a time
     * is the drainer; the others only queue. Jetty is called without this connection's lock: Jetty may call
     * back (a write completing or failing inline, the connection closing) on this thread, and its own threads
     * take this lock from those callbacks, so holding it across a call into Jetty invites a lock-order
     * deadlock. This lock is a leaf: nothing else is locked while it is held.
     */
    private void drain() {
        boolean drainer = false;
        while (true) {
            OutboundFrame f;
            lock.lock();
            try {
                if (!drainer) {
                    if (draining) {
                        return; // the drainer (perhaps this thread, further up the stack) will see the new frames
                    }
                    draining = drainer = true;
                }
                if (inFlight >= MAX_IN_FLIGHT || queue.isEmpty() || state == State.CLOSING) {
                    draining = false;
                    return;
                }
                f = queue.pollFirst();
                queuedBytes -= f.bytes();
                inFlight++;
                inFlightBytes += f.bytes();
            } finally {
                lock.unlock();
            }
            try {
                session.sendFrame(new Frame(OpCode.TEXT, f.json()), new Written(f.bytes()), false);
            } catch (RuntimeException e) {
                release(); // never leave the connection without a drainer
                throw e;
            }
        }
    }

    private void release() {
        lock.lock();
        try {
            draining = false;
        } finally {
            lock.unlock();
        }
    }

    /** Counts an invalid frame; returns true when this connection has sent too many within a minute. */
    boolean tooManyInvalid(long nowMillis, int limit) {
        synchronized (invalidFrames) {
            invalidFrames.addLast(nowMillis);
            while (!invalidFrames.isEmpty() && invalidFrames.peekFirst() < nowMillis - 60_000) {
                invalidFrames.pollFirst();
            }
            return invalidFrames.size() >= limit;
        }
    }

    /** Sends a close frame (after nothing: waiting frames are dropped) and marks the connection closing. */
    void close(int code, String reason) {
        if (markClosing()) {
            session.close(code, clip(reason), Callback.NOOP);
        }
    }

    /**
     * Sends {@code last} and then a close frame, and marks the connection closing: frames waiting here are dropped,
     * those already handed to Jetty go first. For a close the client must be told why, even while it is busy
     * receiving (with {@link #send} then {@link #close} the reason could wait here and be dropped).
     */
    void close(OutboundFrame last, int code, String reason) {
        if (markClosing()) {
            session.sendFrame(new Frame(OpCode.TEXT, last.json()), Callback.NOOP, false);
            session.close(code, clip(reason), Callback.NOOP);
        }
    }

    /** Returns false if the connection was closing already. */
    private boolean markClosing() {
        lock.lock();
        try {
            if (state == State.CLOSING) {
                return false;
            }
            state = State.CLOSING;
            closingSinceMillis = System.currentTimeMillis();
            queue.clear();
            queuedBytes = 0;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private static String clip(String reason) {
        return reason.length() > 120 ? reason.substring(0, 120) : reason; // a close frame's reason is at most 123 bytes
    }

    /** Completion of one frame handed to Jetty. */
    private final class Written implements Callback {
        private final int bytes;

        Written(int bytes) {
            this.bytes = bytes;
        }

        @Override
        public void succeeded() {
            lock.lock();
            try {
                inFlight--;
                inFlightBytes -= bytes;
            } finally {
                lock.unlock();
            }
            drain();
        }

        @Override
        public void failed(Throwable cause) {
            org.slf4j.LoggerFactory.getLogger(Connection.class).debug("Write on {} failed: {}", id, cause.toString());
            lock.lock();
            try {
                inFlight--;
                inFlightBytes -= bytes;
                state = State.CLOSING;
                closingSinceMillis = System.currentTimeMillis();
                queue.clear();
                queuedBytes = 0;
            } finally {
                lock.unlock();
            }
        }
    }
}
