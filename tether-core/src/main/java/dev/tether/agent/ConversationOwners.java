package dev.tether.agent;

import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.store.StoreException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who owns a conversation, which decides whose workspace its turns use. An owner never changes, so the most
 * recently asked {@value #KEPT} are kept and a turn reads the store only for a conversation not among them.
 * Thread-safe.
 */
final class ConversationOwners {
    static final int KEPT = 4_096;
    private final ConversationStore store;
    private final Map<String, String> owners = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > KEPT;
        }
    };

    ConversationOwners(ConversationStore store) {
        this.store = store;
    }

    /** The owner of {@code conversationId}; throws {@link StoreException.NotFound} if there is no such conversation. */
    String of(String conversationId) {
        synchronized (owners) {
            String known = owners.get(conversationId);
            if (known != null) {
                return known;
            }
        }
        String owner = store.conversation(conversationId).map(Conversation::owner)
                .orElseThrow(() -> new StoreException.NotFound("No conversation with id '" + conversationId
                        + "'; it may have been deleted."));
        synchronized (owners) {
            owners.put(conversationId, owner);
        }
        return owner;
    }

    void forget(String conversationId) {
        synchronized (owners) {
            owners.remove(conversationId);
        }
    }
}
