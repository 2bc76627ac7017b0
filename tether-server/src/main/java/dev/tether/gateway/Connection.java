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
 * held, so it takes only this connection's lock.
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
    volatile long lastInboundMillis;
    /** Last request from the client (pongs do not count): how stale the connection is for the memory watchdog. */
    volatile long lastUsedMillis;
    volatile long lastPingMillis;
    volatile long closingSinceMillis;
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

    void open(String userName) {
        user = userName;
        state = State.OPEN;
    }

    @Override
    public void send(OutboundFrame frame) {
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
            if (queuedBytes + inFlightBytes > maxOutgoingBytes && !alone) {
                closeLocked(4009, "slow consumer: more than " + maxOutgoingBytes + " bytes waiting; reconnect and resume");
                return;
            }
            drainLocked();
        } finally {
            lock.unlock();
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

    private void drainLocked() {
        if (draining) {
            return; // a write completed inline inside sendText below; the loop continues
        }
        draining = true;
        try {
            while (inFlight < MAX_IN_FLIGHT && !queue.isEmpty() && state != State.CLOSING) {
                OutboundFrame f = queue.pollFirst();
                queuedBytes -= f.bytes();
                inFlight++;
                inFlightBytes += f.bytes();
                session.sendFrame(new Frame(OpCode.TEXT, f.json()), new Written(f.bytes()), false);
            }
        } finally {
            draining = false;
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
        lock.lock();
        try {
            closeLocked(code, reason);
        } finally {
            lock.unlock();
        }
    }

    private void closeLocked(int code, String reason) {
        if (state == State.CLOSING) {
            return;
        }
        state = State.CLOSING;
        closingSinceMillis = System.currentTimeMillis();
        queue.clear();
        queuedBytes = 0;
        session.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason, Callback.NOOP);
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
                drainLocked();
            } finally {
                lock.unlock();
            }
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
