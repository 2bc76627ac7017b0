package dev.tether.live;

import dev.tether.store.ConversationStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The live hubs, created on first use and forgotten when idle past the replay window. A hub's epoch is new
 * each time it is created (and so after every restart): a client holding positions from an older epoch
 * cannot resume and gets a snapshot instead.
 */
public final class LiveConversations {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private final Map<String, ConversationHub> hubs = new ConcurrentHashMap<>();
    private final ConversationStore store;
    private final long windowMillis;
    private final long maxBytes;
    private final LongSupplier clock;

    public LiveConversations(ConversationStore store, Duration replayWindow, long replayMaxBytes) {
        this(store, replayWindow, replayMaxBytes, System::currentTimeMillis);
    }

    LiveConversations(ConversationStore store, Duration replayWindow, long replayMaxBytes, LongSupplier clock) {
        this.store = store;
        this.windowMillis = replayWindow.toMillis();
        this.maxBytes = replayMaxBytes;
        this.clock = clock;
    }

    /**
     * Runs {@code action} on the conversation's hub (callers check ownership first). If the hub is retired by
     * a concurrent {@link #sweep()} the action runs again on its successor, so nothing reaches a dead hub.
     */
    public <T> T with(String conversationId, Function<ConversationHub, T> action) {
        while (true) {
            ConversationHub hub = hubs.computeIfAbsent(conversationId, id -> new ConversationHub(id, newEpoch(), store,
                    new ReplayBuffer(windowMillis, maxBytes), clock));
            try {
                return action.apply(hub);
            } catch (ConversationHub.Retired retired) {
                hubs.remove(conversationId, hub);
            }
        }
    }

    /** Like {@link #with(String, Function)} for actions without a result. */
    public void run(String conversationId, Consumer<ConversationHub> action) {
        with(conversationId, hub -> {
            action.accept(hub);
            return null;
        });
    }

    /**
     * The conversation was deleted: its hub, if it has one, drops and tells its subscribers
     * ({@code conversation_deleted}; with {@code ownerTold}, {@link Conversations} tells the owner's connections
     * that asked for list updates itself) and is forgotten with its replay buffer.
     */
    public void deleted(String conversationId, boolean ownerTold) {
        ConversationHub hub = hubs.remove(conversationId);
        if (hub != null) {
            hub.deleted(ownerTold);
        }
    }

    /** Forgets hubs nobody watches, with nothing running and nothing left to replay; returns how many. */
    public int sweep() {
        long now = clock.getAsLong();
        int removed = 0;
        for (Map.Entry<String, ConversationHub> e : hubs.entrySet()) {
            if (e.getValue().retireIfIdle(now, windowMillis) && hubs.remove(e.getKey(), e.getValue())) {
                removed++;
            }
        }
        return removed;
    }

    public int size() {
        return hubs.size();
    }

    static String newEpoch() {
        char[] c = new char[10];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }
}
