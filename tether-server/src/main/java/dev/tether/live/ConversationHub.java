package dev.tether.live;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tether.store.ConversationStore;
import dev.tether.store.Page;
import dev.tether.store.MessageStatus;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * One conversation's live stream. Every event gets the next position ({@code seq}), goes into the replay
 * buffer, and is handed to every subscriber, all under one lock, so every subscriber sees every event exactly
 * once and in order, and a subscribe (replay or snapshot, then live) can never miss or repeat an event.
 *
 * <p>Subscribers' {@link Subscriber#send} only queue, so the lock is held briefly; the one exception is the
 * snapshot, which reads the newest messages from the store under the lock so that the snapshot and the
 * position it reports describe the same moment (a ~1 ms read, and only on subscribes that cannot resume).
 */
public final class ConversationHub {
    static final int SNAPSHOT_MESSAGES = 30;
    private static final int TOOL_CONTENT_LIMIT = 2000;

    private final String conversationId;
    private final String epoch;
    private final ConversationStore store;
    private final ReplayBuffer replay;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Copy-on-write: delivering to a subscriber can close it (a slow consumer), which unsubscribes it on the same
     * thread while the delivery loop still iterates; the loop must see a stable set and reach every other one.
     */
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private long seq;
    private Inflight inflight;
    private int queued;
    private boolean retired;

    /** Thrown by a hub that {@link LiveConversations#sweep()} retired; the caller fetches the new hub. */
    static final class Retired extends RuntimeException {
        static final Retired INSTANCE = new Retired();

        private Retired() {
            super("hub retired", null, false, false);
        }
    }

    ConversationHub(String conversationId, String epoch, ConversationStore store, ReplayBuffer replay,
                    LongSupplier clock) {
        this.conversationId = conversationId;
        this.epoch = epoch;
        this.store = store;
        this.replay = replay;
        this.clock = clock;
    }

    public String conversationId() {
        return conversationId;
    }

    public String epoch() {
        return epoch;
    }

    // ---- events -------------------------------------------------------------------------------------------

    void userMessage(StoredMessage m) {
        positionedChecked("user_message", g -> {
            g.writeNumberField("messageId", m.id());
            g.writeStringField("clientMessageId", m.clientMessageId().orElse(""));
            g.writeStringField("text", m.content());
            if (m.replaces().isPresent()) {
                g.writeNumberField("replaces", m.replaces().get());
            }
            g.writeNumberField("at", m.createdAt().toEpochMilli());
        });
    }

    void turnQueued(long userMessageId, int position) {
        lock.lock();
        try {
            checkLive();
            queued++;
            positioned("turn_queued", g -> {
                g.writeNumberField("userMessageId", userMessageId);
                g.writeNumberField("position", position);
            });
        } finally {
            lock.unlock();
        }
    }

    void turnStarted(long userMessageId, boolean wasQueued) {
        lock.lock();
        try {
            checkLive();
            if (wasQueued) {
                queued = Math.max(0, queued - 1);
            }
            inflight = new Inflight(userMessageId);
            positioned("turn_started", g -> g.writeNumberField("userMessageId", userMessageId));
        } finally {
            lock.unlock();
        }
    }

    void delta(String text) {
        streamed(Frames.DELTA, text);
    }

    /** A piece of a reasoning model's thinking: a {@code thinking} frame, like a {@code delta}. */
    void thinking(String text) {
        streamed(Frames.THINKING, text);
    }

    /** A piece of streamed text, {@link Frames#DELTA} or {@link Frames#THINKING}: the one event sent per token. */
    private void streamed(String type, String text) {
        lock.lock();
        try {
            checkLive();
            long position = ++seq;
            if (inflight != null) {
                if (Frames.DELTA.equals(type)) {
                    inflight.text.append(text);
                } else {
                    inflight.think(text);
                }
            }
            deliver(OutboundFrame.text(type, conversationId, epoch, position, position, text));
        } finally {
            lock.unlock();
        }
    }

    void toolCall(String callId, String name, String arguments) {
        lock.lock();
        try {
            checkLive();
            if (inflight != null) {
                inflight.tools.add(new Inflight.Tool(callId, name, arguments, false, false, inflight.text.length(),
                        null));
            }
            positioned("tool_call", g -> {
                g.writeStringField("callId", callId);
                g.writeStringField("name", name);
                g.writeStringField("arguments", arguments);
            });
        } finally {
            lock.unlock();
        }
    }

    void toolResult(String callId, String name, boolean ok, String content) {
        lock.lock();
        try {
            checkLive();
            String shown = content.length() <= TOOL_CONTENT_LIMIT ? content : content.substring(0, TOOL_CONTENT_LIMIT);
            if (inflight != null) {
                inflight.toolDone(callId, ok, shown);
            }
            positioned("tool_result", g -> {
                g.writeStringField("callId", callId);
                g.writeStringField("name", name);
                g.writeBooleanField("ok", ok);
                g.writeStringField("content", shown);
            });
        } finally {
            lock.unlock();
        }
    }

    void turnEnded(String type, Frames.Body body) {
        lock.lock();
        try {
            checkLive();
            inflight = null;
            positioned(type, body);
        } finally {
            lock.unlock();
        }
    }

    private void positionedChecked(String type, Frames.Body body) {
        lock.lock();
        try {
            checkLive();
            positioned(type, body);
        } finally {
            lock.unlock();
        }
    }

    private void positioned(String type, Frames.Body body) {
        lock.lock();
        try {
            checkLive();
            long position = ++seq;
            deliver(new OutboundFrame(Frames.positioned(type, conversationId, epoch, position, body), conversationId,
                    epoch, position, position, "", ""));
        } finally {
            lock.unlock();
        }
    }

    private void deliver(OutboundFrame frame) {
        replay.add(frame, clock.getAsLong());
        for (Subscriber s : subscribers) {
            s.send(frame);
        }
    }

    // ---- subscriptions ------------------------------------------------------------------------------------

    /**
     * Subscribes: replays what the subscriber missed if it can (same epoch, everything after {@code after}
     * still buffered), else sends a snapshot; then live events. Both answers start with a {@code subscribed}
     * frame repeating {@code requestId}.
     */
    public void subscribe(Subscriber subscriber, String requestId, Optional<String> clientEpoch, OptionalLong after) {
        lock.lock();
        try {
            checkLive();
            subscribers.remove(subscriber); // a re-subscribe (after a gap) starts over from the client's position
            String reason = "new";
            if (clientEpoch.isPresent() && after.isPresent()) {
                if (clientEpoch.get().equals(epoch)) {
                    Optional<List<OutboundFrame>> missed = replay.after(after.getAsLong(), seq, clock.getAsLong());
                    if (missed.isPresent()) {
                        subscriber.send(subscribed(requestId, true, "", after.getAsLong() + 1, seq));
                        missed.get().forEach(subscriber::send);
                        subscribers.add(subscriber);
                        return;
                    }
                    reason = "window_passed";
                } else {
                    reason = "epoch_changed";
                }
            }
            String snapshot = snapshot(); // reads the store: a deleted conversation fails here, before anything is sent
            subscriber.send(subscribed(requestId, false, reason, 0, 0));
            subscriber.send(OutboundFrame.control(snapshot));
            subscribers.add(subscriber);
        } finally {
            lock.unlock();
        }
    }

    public void unsubscribe(Subscriber subscriber) {
        lock.lock();
        try {
            checkLive();
            subscribers.remove(subscriber);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The conversation was deleted: every subscriber is dropped and told ({@link Subscriber#deleted}; with
     * {@code ownerTold}, connections that asked for list updates hear of it from {@link Conversations} instead),
     * and the hub retires (its replay buffer goes with it).
     */
    void deleted(boolean ownerTold) {
        lock.lock();
        try {
            retired = true;
            inflight = null;
            queued = 0;
            OutboundFrame frame = OutboundFrame.control(Frames.object("conversation_deleted",
                    g -> g.writeStringField("conversation", conversationId)));
            for (Subscriber s : subscribers) {
                s.deleted(conversationId, frame, ownerTold);
            }
            subscribers.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Retires the hub if nobody watches it, nothing runs or waits, and nothing is left to replay; a retired
     * hub refuses every call with {@link Retired}.
     */
    boolean retireIfIdle(long nowMillis, long windowMillis) {
        lock.lock();
        try {
            retired = retired || subscribers.isEmpty() && inflight == null && queued == 0
                    && replay.newestMillis() < nowMillis - windowMillis;
            return retired;
        } finally {
            lock.unlock();
        }
    }

    private void checkLive() {
        if (retired) {
            throw Retired.INSTANCE;
        }
    }

    private OutboundFrame subscribed(String requestId, boolean resumed, String reason, long from, long to) {
        return OutboundFrame.control(Frames.object("subscribed", g -> {
            g.writeStringField("id", requestId);
            g.writeStringField("conversation", conversationId);
            g.writeStringField("epoch", epoch);
            g.writeBooleanField("resumed", resumed);
            if (resumed) {
                g.writeNumberField("from", from);
                g.writeNumberField("to", to);
            } else {
                g.writeStringField("reason", reason);
            }
        }));
    }

    private String snapshot() {
        Page<StoredMessage> page = store.history(conversationId, Optional.empty(), SNAPSHOT_MESSAGES);
        List<StoredMessage> messages = new ArrayList<>(page.items().reversed());
        if (inflight != null) {
            // the running attempt's messages are in "inflight", not here. Everything else stays: user messages
            // queued behind it, the replies to earlier questions stored after it (it was queued while they ran),
            // and its own earlier attempts cut off by a restart
            long question = inflight.userMessageId;
            messages.removeIf(m -> m.role() != Role.USER && m.replyTo().map(q -> q == question
                    && m.status() != MessageStatus.INTERRUPTED).orElse(m.id() > question));
        }
        return Frames.object("snapshot", g -> {
            g.writeStringField("conversation", conversationId);
            g.writeStringField("epoch", epoch);
            g.writeNumberField("seq", seq);
            g.writeArrayFieldStart("messages");
            for (StoredMessage m : messages) {
                MessageJson.write(g, m);
            }
            g.writeEndArray();
            if (page.next().isPresent()) {
                g.writeStringField("olderCursor", page.next().get());
            }
            writeInflight(g);
            g.writeNumberField("queued", queued);
        });
    }

    private void writeInflight(JsonGenerator g) throws IOException {
        if (inflight == null) {
            g.writeNullField("inflight");
            return;
        }
        g.writeObjectFieldStart("inflight");
        g.writeNumberField("userMessageId", inflight.userMessageId);
        g.writeStringField("text", inflight.text.toString());
        g.writeArrayFieldStart("tools");
        for (Inflight.Tool t : inflight.tools) {
            g.writeStartObject();
            g.writeStringField("callId", t.callId());
            g.writeStringField("name", t.name());
            g.writeStringField("arguments", t.arguments());
            g.writeBooleanField("done", t.done());
            g.writeBooleanField("ok", t.ok());
            g.writeNumberField("at", t.at());
            if (t.content() != null) {
                g.writeStringField("content", t.content());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        if (inflight.thoughts != null) {
            g.writeArrayFieldStart("thinking");
            for (Inflight.Thought t : inflight.thoughts) {
                g.writeStartObject();
                g.writeNumberField("at", t.at());
                g.writeNumberField("toolsBefore", t.toolsBefore());
                g.writeStringField("text", t.text().toString());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }
}
