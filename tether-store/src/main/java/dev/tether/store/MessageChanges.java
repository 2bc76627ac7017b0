package dev.tether.store;

import java.util.List;

/**
 * What changed in a conversation's messages after a version (see {@link ConversationStore#messageChanges}).
 *
 * @param messages the messages stored or updated after that version, each once in its latest state, in the
 *                 order of their last writes
 * @param version the version these changes bring the reader up to: pass it to the next call
 * @param more whether there are further changes after {@code version} (the limit was reached)
 */
public record MessageChanges(List<StoredMessage> messages, long version, boolean more) {
    public MessageChanges {
        messages = List.copyOf(messages);
        if (version < 0) {
            throw new IllegalArgumentException("version < 0: " + version);
        }
    }
}
