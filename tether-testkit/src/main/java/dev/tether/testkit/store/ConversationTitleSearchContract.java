package dev.tether.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.store.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ConversationStore#conversations(String, Optional, Optional, int)} with a title query: the owner's
 * conversations whose title contains the text, ignoring the case of ASCII letters, with {@code %} and {@code _}
 * taken literally, paged like the whole list. Run against every store.
 */
public abstract class ConversationTitleSearchContract extends StoreContract<ConversationStore> {

    private List<String> titles(String owner, String query) {
        List<String> titles = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<Conversation> page = store.conversations(owner, Optional.of(query), cursor, 2);
            page.items().forEach(c -> titles.add(c.title()));
            cursor = page.next();
        } while (cursor.isPresent());
        return titles;
    }

    @Test
    void findsTheOwnersConversationsWhoseTitleContainsTheTextIgnoringCaseAcrossPages() {
        for (String title : List.of("Trip to Kyoto", "Groceries", "kyoto restaurants", "KYOTO in May", "Taxes")) {
            store.createConversation("alice", title);
        }
        store.createConversation("bob", "Kyoto with Bob");

        // order and paging are the whole list's (most recently updated first), tested with it
        assertThat(titles("alice", "kyoto")).containsExactlyInAnyOrder("KYOTO in May", "kyoto restaurants",
                "Trip to Kyoto");
        assertThat(titles("alice", "Kyo")).hasSize(3);
        assertThat(titles("alice", "P TO")).containsExactly("Trip to Kyoto");
        assertThat(titles("alice", "Paris")).isEmpty();
        assertThat(titles("bob", "kyoto")).containsExactly("Kyoto with Bob");
    }

    @Test
    void percentUnderscoreAndTheEscapeCharacterAreTakenLiterally() {
        for (String title : List.of("100% done", "100 done", "snake_case", "snakeXcase", "wow!", "a!%b")) {
            store.createConversation("alice", title);
        }

        assertThat(titles("alice", "100%")).containsExactly("100% done");
        assertThat(titles("alice", "e_c")).containsExactly("snake_case");
        assertThat(titles("alice", "!")).containsExactlyInAnyOrder("wow!", "a!%b");
        assertThat(titles("alice", "!%")).containsExactly("a!%b");
    }

    @Test
    void lettersBeyondAsciiAreFoundAsWrittenWhereTheDatabaseDoesNotFoldTheirCase() {
        store.createConversation("alice", "L'ÉTÉ à Paris");

        // SQLite's lower() leaves "É" as it is: the query must not be lower-cased further than the title is
        assertThat(titles("alice", "ÉTÉ")).containsExactly("L'ÉTÉ à Paris");
        assertThat(titles("alice", "l'ÉtÉ à")).containsExactly("L'ÉTÉ à Paris");
    }

    @Test
    void anEmptyOrOverlongQueryIsRefusedNamingItsLength() {
        assertThatThrownBy(() -> store.conversations("alice", Optional.of(""), Optional.empty(), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but had 0");
        String longQuery = "x".repeat(ConversationStore.MAX_TITLE_QUERY + 1);
        assertThatThrownBy(() -> store.conversations("alice", Optional.of(longQuery), Optional.empty(), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but had 201");
    }
}
