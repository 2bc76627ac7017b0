package dev.tether.store;

import java.util.Objects;
import java.util.Optional;

/**
 * One conversation found by {@link ConversationStore#search}.
 *
 * @param conversation the conversation, as {@link ConversationStore#conversation} would return it
 * @param match the newest of its user and assistant messages that contains the text; empty when only the title
 *              does
 */
public record SearchResult(Conversation conversation, Optional<MessageMatch> match) {
    public SearchResult {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(match, "match");
    }
}
