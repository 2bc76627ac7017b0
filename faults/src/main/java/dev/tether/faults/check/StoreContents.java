package dev.tether.faults.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every message of the conversations under test, read from the store after the server stopped. */
public final class StoreContents {
    private final Map<String, List<StoredMsg>> byConversation = new HashMap<>();
    private final Map<Long, StoredMsg> byId = new HashMap<>();

    public StoreContents(List<StoredMsg> messages) {
        for (StoredMsg m : messages) {
            byConversation.computeIfAbsent(m.conversation(), c -> new ArrayList<>()).add(m);
            byId.put(m.id(), m);
        }
        byConversation.values().forEach(l -> l.sort(Comparator.comparingLong(StoredMsg::id)));
    }

    /** The conversation's messages, oldest first; empty for an unknown conversation. */
    public List<StoredMsg> messages(String conversation) {
        return byConversation.getOrDefault(conversation, List.of());
    }

    public Optional<StoredMsg> message(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Iterable<String> conversations() {
        return byConversation.keySet();
    }

    public int size() {
        return byId.size();
    }
}
