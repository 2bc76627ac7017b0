package dev.tether.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.api.model.ToolCall;
import dev.tether.store.ConversationStore;
import dev.tether.store.MessageMatch;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.store.Page;
import dev.tether.store.Role;
import dev.tether.store.SearchResult;
import dev.tether.store.StoredMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link ConversationStore#search}: the owner's conversations whose title or user and assistant messages contain
 * a text, with the newest matching message and its snippet, paged newest activity first. Run against every store,
 * which must take its time from {@link #clock}.
 */
public abstract class ConversationSearchContract extends StoreContract<ConversationStore> {
    protected final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

    /** Whether letters beyond ASCII match ignoring case too (PostgreSQL: yes; SQLite: no). */
    protected abstract boolean ignoresCaseOfAllLetters();

    private List<SearchResult> search(String owner, String text) {
        List<SearchResult> found = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int pages = 0; pages < 100; pages++) {
            Page<SearchResult> page = store.search(owner, text, cursor, 2);
            found.addAll(page.items());
            cursor = page.next();
            if (cursor.isEmpty()) {
                return found;
            }
        }
        throw new AssertionError("search('" + text + "') did not end within 100 pages");
    }

    private Map<String, Optional<MessageMatch>> matches(String owner, String text) {
        return search(owner, text).stream()
                .collect(Collectors.toMap(r -> r.conversation().title(), SearchResult::match));
    }

    private List<String> titles(String owner, String text) {
        return search(owner, text).stream().map(r -> r.conversation().title()).toList();
    }

    private String chat(String owner, String title, String question, String answer) {
        String id = store.createConversation(owner, title).id();
        user(id, question);
        assistant(id, answer);
        return id;
    }

    private StoredMessage user(String conversation, String text) {
        return store.appendUserMessage(conversation, UUID.randomUUID().toString(), text).message();
    }

    private StoredMessage assistant(String conversation, String text) {
        return store.appendMessage(NewMessage.assistant(conversation, text, List.of(), MessageStatus.COMPLETE));
    }

    private Optional<MessageMatch> onlyMatch(String text) {
        List<SearchResult> found = search("alice", text);
        assertThat(found).hasSize(1);
        return found.getFirst().match();
    }

    @Test
    void findsTitlesAndWhatTheUserOrTheAssistantSaidWithTheMatchedMessage() {
        chat("alice", "Kyoto trip", "Where to stay?", "Near the station.");
        chat("alice", "Food", "What is yuzu kosho?", "A paste of chili and yuzu peel.");
        chat("alice", "Gardening", "Which citrus grows in pots?", "Yuzu does well in a large pot.");
        chat("alice", "Yuzu notes", "Anything new?", "Nothing about that fruit.");
        chat("alice", "Taxes", "Deadline?", "April.");

        Map<String, Optional<MessageMatch>> found = matches("alice", "yuzu");

        assertThat(found).containsOnlyKeys("Food", "Gardening", "Yuzu notes");
        assertThat(found.get("Yuzu notes")).as("found by its title only").isEmpty();
        assertThat(found.get("Gardening")).hasValueSatisfying(m -> assertThat(m.role()).isEqualTo(Role.ASSISTANT));
        assertThat(found.get("Food")).hasValueSatisfying(m -> {
            assertThat(m.role()).as("the newest message containing it").isEqualTo(Role.ASSISTANT);
            assertThat(m.snippet()).isEqualTo("A paste of chili and yuzu peel.");
        });
        assertThat(onlyMatch("which citrus")).hasValueSatisfying(m -> {
            assertThat(m.role()).isEqualTo(Role.USER);
            assertThat(m.snippet()).isEqualTo("Which citrus grows in pots?");
        });
        assertThat(titles("alice", "kyoto")).containsExactly("Kyoto trip");
        assertThat(titles("alice", "mango")).isEmpty();
    }

    @Test
    void theMatchIsTheNewestMessageContainingTheTextWithItsIdRoleAndTime() {
        String id = store.createConversation("alice", "Plans").id();
        user(id, "Remind me about the dentist");
        clock.advance(Duration.ofMinutes(1));
        StoredMessage newest = assistant(id, "The dentist is on Friday.");
        clock.advance(Duration.ofMinutes(1));
        assistant(id, "Anything else?");

        MessageMatch match = onlyMatch("DENTIST").orElseThrow();

        assertThat(match.messageId()).isEqualTo(newest.id());
        assertThat(match.role()).isEqualTo(Role.ASSISTANT);
        assertThat(match.createdAt()).isEqualTo(newest.createdAt());
        assertThat(match.snippet()).isEqualTo("The dentist is on Friday.");
    }

    @Test
    void aReplyIsFoundByItsCurrentTextOnceUpdated() {
        String id = store.createConversation("alice", "Chat").id();
        StoredMessage reply = store.appendMessage(NewMessage.assistant(id, "Thinking", List.of(),
                MessageStatus.STREAMING));

        store.updateMessage(reply.id(), "The answer is photosynthesis.", MessageStatus.COMPLETE);

        assertThat(onlyMatch("photosynthesis")).hasValueSatisfying(m -> assertThat(m.messageId()).isEqualTo(reply.id()));
        assertThat(search("alice", "Thinking")).isEmpty();
    }

    @Test
    void toolResultsAndToolCallArgumentsAreNotSearched() {
        String id = store.createConversation("alice", "Files").id();
        user(id, "Read my notes");
        store.appendMessage(NewMessage.assistant(id, "", List.of(new ToolCall("call-1", "read_file",
                "{\"path\":\"zeppelin.md\"}")), MessageStatus.COMPLETE));
        store.appendMessage(NewMessage.toolResult(id, "call-1", "read_file", "Zeppelin facts: filled with hydrogen"));

        assertThat(search("alice", "zeppelin")).isEmpty();
        assertThat(search("alice", "hydrogen")).isEmpty();
    }

    @Test
    void anotherOwnersConversationsAreNotFound() {
        chat("bob", "Bob's", "Tell me about lighthouses", "Lighthouses guide ships.");
        chat("alice", "Alice's", "Tell me about bridges", "Bridges span rivers.");

        assertThat(titles("alice", "lighthouse")).isEmpty();
        assertThat(titles("bob", "lighthouse")).containsExactly("Bob's");
        assertThat(titles("carol", "bridges")).isEmpty();
    }

    @Test
    void aDeletedConversationIsNotFound() {
        String doomed = chat("alice", "Doomed", "Say pineapple", "Pineapple.");
        chat("alice", "Kept", "Say pineapple again", "Pineapple again.");

        store.deleteConversation(doomed);

        assertThat(titles("alice", "pineapple")).containsExactly("Kept");
    }

    @Test
    void percentUnderscoreAndTheEscapeCharacterAreTakenLiterally() {
        chat("alice", "a", "It is 100% done", "ok");
        chat("alice", "b", "It is 100 done", "ok");
        chat("alice", "c", "ok", "call snake_case names");
        chat("alice", "d", "ok", "call snakeXcase names");
        chat("alice", "e", "wow!", "ok");
        chat("alice", "f", "ok", "odd a!%b");

        assertThat(titles("alice", "100%")).containsExactly("a");
        assertThat(titles("alice", "e_c")).containsExactly("c");
        assertThat(titles("alice", "!")).containsExactlyInAnyOrder("e", "f");
        assertThat(titles("alice", "!%")).containsExactly("f");
    }

    @Test
    void asciiLettersMatchIgnoringCaseAndOtherLettersAsTheDatabaseFoldsThem() {
        chat("alice", "Ascii", "Visit KYOTO", "ok");
        chat("alice", "Accents", "ok", "L'ÉTÉ à Paris");

        assertThat(titles("alice", "kyoto")).containsExactly("Ascii");
        assertThat(titles("alice", "kYoTo")).containsExactly("Ascii");
        assertThat(titles("alice", "ÉTÉ")).containsExactly("Accents");
        assertThat(titles("alice", "l'été")).hasSize(ignoresCaseOfAllLetters() ? 1 : 0);
        assertThat(titles("alice", "l'ÉtÉ")).containsExactly("Accents");
    }

    @Test
    void pagesNewestActivityFirstAcrossTimestampTiesWithoutDuplicatesOrGaps() {
        List<String> matching = new ArrayList<>();
        for (int group : new int[] {3, 4, 2}) {
            for (int i = 0; i < group; i++) { // same millisecond within a group
                matching.add(chat("alice", "Chat " + matching.size(), "about otters", "ok"));
                chat("alice", "Other", "about beavers", "ok");
            }
            clock.advance(Duration.ofMillis(1));
        }
        matching.add(store.createConversation("alice", "Otters by title").id());
        clock.advance(Duration.ofMillis(1));
        user(matching.getFirst(), "otters again"); // the oldest now has the newest activity

        List<SearchResult> found = search("alice", "otter");

        assertThat(found).extracting(r -> r.conversation().id()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(matching).startsWith(matching.getFirst());
        assertThat(found).extracting(r -> r.conversation().updatedAt()).isSortedAccordingTo((x, y) -> y.compareTo(x));
        assertThat(store.search("alice", "otter", Optional.empty(), matching.size()).next()).isEmpty();
        assertThat(store.search("alice", "otter", Optional.empty(), matching.size() - 1).next()).isPresent();
    }

    @Test
    void theSnippetIsTheWholeShortMessageWithItsWhitespaceCollapsed() {
        chat("alice", "Chat", "  Ask\tabout\n\n  marmalade   please \n", "ok");

        assertThat(onlyMatch("marmalade")).hasValueSatisfying(
                m -> assertThat(m.snippet()).isEqualTo("Ask about marmalade please"));
    }

    @Test
    void aLongMessagesSnippetIsCutAtWordsAroundTheFirstMatchAndMarkedWhereCut() {
        String words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi ";
        String before = words.repeat(5);
        String content = before + "\n\nthe Marmalade recipe, first\n\n" + words.repeat(5) + " marmalade second";
        chat("alice", "Recipes", "ok", content);

        String snippet = onlyMatch("marmalade").orElseThrow().snippet();

        assertThat(snippet).startsWith("…").endsWith("…").contains("Marmalade recipe, first")
                .doesNotContain("second").doesNotContain("\n").doesNotContain("  ");
        String inner = snippet.substring(1, snippet.length() - 1);
        assertThat(inner.length()).isBetween(MessageMatch.SNIPPET_LENGTH - 40, MessageMatch.SNIPPET_LENGTH);
        String collapsed = content.replaceAll("\\s+", " ");
        assertThat(collapsed).as("cut between words").contains(" " + inner + " ");
        int at = inner.indexOf("Marmalade");
        int centred = (inner.length() - "Marmalade".length()) / 2;
        assertThat(at).as("about as much text before the match as after it").isBetween(centred - 25, centred + 25);
    }

    @Test
    void aSnippetIsMarkedCutOnlyOnTheSideWhereTheMessageGoesOn() {
        String words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi ".repeat(4);
        chat("alice", "Start", "ok", "Quokka first. " + words);
        chat("alice", "End", "ok", words + "and last a wombat.");

        assertThat(onlyMatch("quokka")).hasValueSatisfying(m -> assertThat(m.snippet())
                .startsWith("Quokka first. alpha").endsWith("…"));
        assertThat(onlyMatch("wombat")).hasValueSatisfying(m -> assertThat(m.snippet())
                .startsWith("…").endsWith("and last a wombat."));
    }

    @Test
    void anEmptyOrOverlongTextOrABadLimitIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> store.search("alice", "", Optional.empty(), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but had 0");
        String tooLong = "x".repeat(ConversationStore.MAX_SEARCH_QUERY + 1);
        assertThatThrownBy(() -> store.search("alice", tooLong, Optional.empty(), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but had 201");
        for (int limit : new int[] {0, ConversationStore.MAX_PAGE + 1}) {
            assertThatThrownBy(() -> store.search("alice", "x", Optional.empty(), limit))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit")
                    .hasMessageContaining(String.valueOf(limit));
        }
    }

    @Test
    void aCursorOfAnotherReadIsRefusedWithAHintToStartAgain() {
        for (int i = 0; i < 3; i++) {
            store.createConversation("alice", "Walrus " + i);
        }
        String listCursor = store.conversations("alice", Optional.empty(), 1).next().orElseThrow();
        String searchCursor = store.search("alice", "walrus", Optional.empty(), 1).next().orElseThrow();

        for (String bad : List.of(listCursor, "not base64 !")) {
            assertThatThrownBy(() -> store.search("alice", "walrus", Optional.of(bad), 10))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a cursor");
        }
        assertThatThrownBy(() -> store.conversations("alice", Optional.of(searchCursor), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a cursor");
        assertThat(store.search("alice", "walrus", Optional.of(searchCursor), 10).items()).hasSize(2);
    }
}
