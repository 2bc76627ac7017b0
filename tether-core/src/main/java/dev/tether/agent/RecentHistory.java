package dev.tether.agent;

import dev.tether.api.model.ToolCall;
import dev.tether.store.ConversationStore;
import dev.tether.store.MessageChanges;
import dev.tether.store.Page;
import dev.tether.store.StoredMessage;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * The recent messages of active conversations, kept in memory and brought up to date each turn with only what
 * changed since ({@link ConversationStore#messageChanges}), so building a turn's context does not read the whole
 * window of history again: the store work per turn stays the same from turn 10 to turn 1,000.
 *
 * <p>A conversation's window holds every message from its oldest read one to its newest. It is filled from the
 * newest end, a page at a time, only as far back as a reader goes; after each read, messages older than the
 * oldest one that reader looked at are dropped (a later reader that wants older ones rebuilds the window).
 * Windows are dropped least recently used first when they hold more than {@code maxChars} of text in total.
 * Messages are held without their thinking, which no context shows.
 *
 * <p>Correct across processes sharing a database: the window remembers the message version it has seen and
 * asks for the changes after it, so messages written by another server, or updated (a reply finished, an
 * interrupted reply marked), are picked up on the next read.
 */
final class RecentHistory {
    static final int PAGE = 64;
    private static final int CHANGES_PAGE = 500;

    private final ConversationStore store;
    private final ToIntFunction<StoredMessage> cost;
    private final long maxChars;
    private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>(16, 0.75f, true);
    private long totalChars;

    /** @param cost what a reader is told each message costs (computed once per message version, not per read) */
    RecentHistory(ConversationStore store, ToIntFunction<StoredMessage> cost, long maxChars) {
        this.store = store;
        this.cost = cost;
        this.maxChars = maxChars;
    }

    /** Reads messages newest first for as long as it wants more. */
    interface Reader {
        /** Called before the first message, and again if reading starts over from the newest message. */
        void start();

        /** Takes the next older message and its cost; returns whether it wants the one before it too. */
        boolean next(StoredMessage message, int cost);
    }

    /**
     * Shows {@code reader} the conversation's messages newest first, in their current state, until it returns
     * false or the history ends.
     */
    void newestFirst(String conversationId, Reader reader) {
        Window w;
        synchronized (windows) {
            w = windows.computeIfAbsent(conversationId, id -> new Window());
        }
        long chars;
        synchronized (w) {
            try {
                if (!w.read(conversationId, reader)) {
                    w.reset(); // it had dropped older messages this reader wants: read again from the newest end
                    w.read(conversationId, reader);
                }
            } catch (RuntimeException | Error e) {
                w.reset(); // a read that failed half way must not leave a window that looks complete
                throw e;
            }
            chars = w.chars;
        }
        synchronized (windows) {
            Window cached = windows.get(conversationId);
            if (cached == w) {
                totalChars += chars - w.counted;
                w.counted = chars;
            }
            evict(w);
        }
    }

    /** Drops the conversation's window (it was deleted): its text leaves memory now, not when it is evicted. */
    void forget(String conversationId) {
        synchronized (windows) {
            Window w = windows.remove(conversationId);
            if (w != null) {
                totalChars -= w.counted; // a read under way keeps its window but no longer counts it (cached != w)
            }
        }
    }

    /** Messages held in memory, in all windows; for tests. */
    int heldMessages() {
        synchronized (windows) {
            return windows.values().stream().mapToInt(w -> {
                synchronized (w) {
                    return w.messages.size();
                }
            }).sum();
        }
    }

    /** Text held in memory, in all windows, as counted for the limit; for tests. */
    long heldChars() {
        synchronized (windows) {
            return totalChars;
        }
    }

    private void evict(Window keep) {
        Iterator<Map.Entry<String, Window>> eldest = windows.entrySet().iterator();
        while (totalChars > maxChars && eldest.hasNext()) {
            Window w = eldest.next().getValue();
            if (w != keep) {
                totalChars -= w.counted;
                eldest.remove();
            }
        }
    }

    private static long chars(StoredMessage m) {
        long n = m.content().length();
        for (ToolCall c : m.toolCalls()) {
            n += c.name().length() + c.argumentsJson().length();
        }
        return n;
    }

    /** A message held in a window, with its cost. */
    private record Held(StoredMessage message, int cost) { }

    /** One conversation's window; guarded by its own monitor. */
    private final class Window {
        /** Every message with an id from the oldest read one up, by id. */
        private final TreeMap<Long, Held> messages = new TreeMap<>();
        /** The message version the window is current to; -1 before the first read. */
        private long version = -1;
        /** Where the history continues below the oldest message held; empty once it reached the first message. */
        private Optional<String> older = Optional.empty();
        /** Whether older messages were dropped: the window can no longer be extended downwards. */
        private boolean trimmed;
        private long chars;
        /** {@link #chars} as last added to {@link #totalChars}; guarded by the map's monitor. */
        private long counted;

        void reset() {
            messages.clear();
            version = -1;
            older = Optional.empty();
            trimmed = false;
            chars = 0;
        }

        /** Returns false (having shown the reader some messages) if the reader wants messages that were dropped. */
        boolean read(String conversationId, Reader reader) {
            if (version < 0) {
                // the version first, then the history: whatever changes after the version is read is caught up
                // with on the next read, whether or not the history already showed it
                version = store.messageVersion(conversationId);
                loadOlder(conversationId, Optional.empty());
            } else {
                catchUp(conversationId);
            }
            reader.start();
            // newest first; the map changes only when an older page is loaded, and then the walk goes on below
            // the messages it has shown with a fresh iterator
            Iterator<Held> newestFirst = messages.descendingMap().values().iterator();
            Long stoppedAt = null;
            while (true) {
                if (!newestFirst.hasNext()) {
                    if (trimmed) {
                        return false;
                    }
                    if (older.isEmpty()) {
                        break; // the first message of the conversation has been shown
                    }
                    Long below = messages.isEmpty() ? null : messages.firstKey();
                    loadOlder(conversationId, older);
                    newestFirst = (below == null ? messages : messages.headMap(below, false))
                            .descendingMap().values().iterator();
                    continue;
                }
                Held held = newestFirst.next();
                if (!reader.next(held.message(), held.cost())) {
                    stoppedAt = held.message().id();
                    break;
                }
            }
            if (stoppedAt != null) {
                dropBelow(stoppedAt);
            }
            return true;
        }

        private void catchUp(String conversationId) {
            Long floor = messages.isEmpty() ? null : messages.firstKey();
            MessageChanges changes;
            do {
                changes = store.messageChanges(conversationId, version, CHANGES_PAGE);
                for (StoredMessage m : changes.messages()) {
                    // one older than the window is not held: a reader going that far back reads it from the store
                    if (floor == null || m.id() >= floor) {
                        put(m);
                    }
                }
                version = changes.version();
            } while (changes.more());
        }

        private void loadOlder(String conversationId, Optional<String> cursor) {
            Page<StoredMessage> page = store.history(conversationId, cursor, PAGE);
            for (StoredMessage m : page.items()) {
                if (!messages.containsKey(m.id())) {
                    put(m); // a message already held came from a change at least as new as this page
                }
            }
            older = page.next();
        }

        /** Holds {@code m} without its thinking: the context never shows the model a model's old thinking. */
        private void put(StoredMessage stored) {
            StoredMessage m = stored.withoutThinking();
            Held previous = messages.put(m.id(), new Held(m, cost.applyAsInt(m)));
            chars += chars(m) - (previous == null ? 0 : chars(previous.message()));
        }

        private void dropBelow(long id) {
            NavigableMap<Long, Held> below = messages.headMap(id, false);
            if (below.isEmpty()) {
                return; // nothing to drop: the window can still be extended downwards
            }
            for (Held h : below.values()) {
                chars -= chars(h.message());
            }
            below.clear();
            trimmed = true;
            older = Optional.empty();
        }
    }
}
