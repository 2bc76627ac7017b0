package dev.tether.store.jdbc;

import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.store.MessageMatch;
import dev.tether.store.Page;
import dev.tether.store.SearchResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * {@link ConversationStore#search} for {@link JdbcConversationStore}: one query for the page of conversations,
 * one for the text of their matched messages, whose snippets are cut here.
 */
final class ConversationSearch {
    private final JdbcConversationStore store;

    ConversationSearch(JdbcConversationStore store) {
        this.store = store;
    }

    Page<SearchResult> search(String owner, String text, Optional<String> cursor, int limit) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(text, "text");
        JdbcConversationStore.checkLimit(limit);
        if (text.isEmpty() || text.length() > ConversationStore.MAX_SEARCH_QUERY) {
            throw new IllegalArgumentException("Search text must be 1.." + ConversationStore.MAX_SEARCH_QUERY
                    + " characters but had " + text.length() + ". Search for a shorter part of a title or message.");
        }
        Optional<Cursors.ConversationPosition> after = cursor.map(Cursors::searchAfter);
        return store.read("search", h -> page(h, owner, text, after, limit));
    }

    private static Page<SearchResult> page(Handle h, String owner, String text,
                                           Optional<Cursors.ConversationPosition> after, int limit) {
        List<SearchSql.Found> rows = SearchSql.page(h, owner, ConversationSql.containsPattern(text), after, limit + 1);
        List<SearchSql.Found> shown = rows.subList(0, Math.min(limit, rows.size()));
        Map<Long, SearchSql.Matched> messages = SearchSql.messages(h,
                        shown.stream().flatMap(f -> f.messageId().stream()).toList())
                .stream().collect(Collectors.toMap(SearchSql.Matched::id, Function.identity()));
        List<SearchResult> results = new ArrayList<>();
        for (SearchSql.Found f : shown) {
            Optional<SearchSql.Matched> message = f.messageId().map(messages::get);
            if (f.messageId().isPresent() && message.isEmpty()) {
                continue; // deleted with its conversation after the first query: not there to find any more
            }
            results.add(new SearchResult(f.conversation(), message.map(m -> match(m, text))));
        }
        if (rows.size() <= limit) {
            return new Page<>(results, Optional.empty());
        }
        Conversation last = shown.getLast().conversation();
        return new Page<>(results, Optional.of(Cursors.search(last.updatedAt().toEpochMilli(), last.id())));
    }

    private static MessageMatch match(SearchSql.Matched m, String text) {
        return new MessageMatch(m.id(), m.role(), m.createdAt(), Snippets.of(m.content(), text));
    }
}
