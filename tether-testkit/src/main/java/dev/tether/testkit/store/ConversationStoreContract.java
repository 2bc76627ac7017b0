package dev.tether.testkit.store;

import dev.tether.store.AppendResult;
import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewEvent;
import dev.tether.store.NewMessage;
import dev.tether.store.Page;
import dev.tether.store.Role;
import dev.tether.store.StoreException;
import dev.tether.store.StoredEvent;
import dev.tether.store.StoredMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tether.api.model.ToolCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ConversationStore} must have. An implementation's test extends this class and
 * says how to open a fresh, empty store and how to reopen the same database (a restart).
 *
 * <p>Stores must take their time from {@link #clock}, which stands still unless a test advances it.
 */
public abstract class ConversationStoreContract extends StoreContract<ConversationStore> {
    protected final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));


    /** A new store on the same database as the last {@link #openStore()}; the old one is already closed. */
    protected abstract ConversationStore reopenStore();

    private Conversation newConversation() {
        return store.createConversation("alice", "Chat");
    }

    private StoredMessage assistant(Conversation c, String text) {
        return store.appendMessage(NewMessage.assistant(c.id(), text, List.of(), MessageStatus.COMPLETE));
    }

    private List<StoredMessage> allHistory(String conversationId, int pageSize) {
        List<StoredMessage> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int pages = 0; pages < 1_000; pages++) {
            Page<StoredMessage> page = store.history(conversationId, cursor, pageSize);
            all.addAll(page.items());
            if (page.next().isEmpty()) {
                return all;
            }
            cursor = page.next();
        }
        throw new AssertionError("history() did not end after 1000 pages");
    }

    private static List<Long> positions(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    // ---- conversations

    @Test
    void createdConversationCanBeReadBack() {
        Conversation c = store.createConversation("qq:123", "First chat");

        assertThat(c.id()).isNotBlank();
        assertThat(c.owner()).isEqualTo("qq:123");
        assertThat(c.title()).isEqualTo("First chat");
        assertThat(c.createdAt()).isEqualTo(clock.instant()).isEqualTo(c.updatedAt());
        assertThat(c.summarisedUpTo()).isZero();
        assertThat(store.conversation(c.id())).contains(c);
    }

    @Test
    void conversationIdsAreUnique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ids.add(newConversation().id());
        }
        assertThat(ids).hasSize(50);
    }

    @Test
    void unknownConversationIsEmpty() {
        assertThat(store.conversation("no-such-conversation")).isEmpty();
    }

    @Test
    void renameChangesTitleAndUpdatedAt() {
        Conversation c = newConversation();
        clock.advance(Duration.ofSeconds(5));

        store.renameConversation(c.id(), "Renamed");

        Conversation renamed = store.conversation(c.id()).orElseThrow();
        assertThat(renamed.title()).isEqualTo("Renamed");
        assertThat(renamed.updatedAt()).isEqualTo(clock.instant());
        assertThat(renamed.createdAt()).isEqualTo(c.createdAt());
    }

    @Test
    void conversationsListsOnlyTheOwnersMostRecentlyUpdatedFirst() {
        Conversation a1 = newConversation();
        clock.advance(Duration.ofSeconds(1));
        Conversation a2 = newConversation();
        clock.advance(Duration.ofSeconds(1));
        store.createConversation("bob", "Not alice's");
        clock.advance(Duration.ofSeconds(1));
        Conversation a3 = newConversation();
        clock.advance(Duration.ofSeconds(1));
        store.appendUserMessage(a1.id(), "c1", "bump a1 to the top");

        Page<Conversation> page = store.conversations("alice", Optional.empty(), 10);

        assertThat(page.items()).extracting(Conversation::id).containsExactly(a1.id(), a3.id(), a2.id());
        assertThat(page.next()).isEmpty();
        assertThat(store.conversations("carol", Optional.empty(), 10).items()).isEmpty();
    }

    @Test
    void conversationsPagesAcrossTimestampTiesWithoutSkippingOrRepeating() {
        List<String> created = new ArrayList<>();
        for (int group : new int[] {3, 4, 2}) {
            for (int i = 0; i < group; i++) {
                created.add(newConversation().id()); // same millisecond within a group
            }
            clock.advance(Duration.ofMillis(1));
        }

        List<Conversation> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            Page<Conversation> page = store.conversations("alice", cursor, 2);
            seen.addAll(page.items());
            cursor = page.next();
            pages++;
        } while (cursor.isPresent() && pages < 20);

        assertThat(pages).isEqualTo(5);
        assertThat(seen).extracting(Conversation::id).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(created);
        assertThat(seen).extracting(Conversation::updatedAt).isSortedAccordingTo((x, y) -> y.compareTo(x));
    }

    // ---- paging arguments

    @Test
    void limitOutsideOneToMaxPageIsRejectedNamingTheValue() {
        Conversation c = newConversation();
        for (int limit : new int[] {0, -1, ConversationStore.MAX_PAGE + 1}) {
            List<ThrowingCallable> calls = List.of(
                    () -> store.history(c.id(), Optional.empty(), limit),
                    () -> store.conversations("alice", Optional.empty(), limit),
                    () -> store.messagesAfter(c.id(), 0, limit),
                    () -> store.eventsAfter(c.id(), 0, limit));
            for (ThrowingCallable call : calls) {
                assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("limit").hasMessageContaining(String.valueOf(limit));
            }
        }
        assertThat(store.history(c.id(), Optional.empty(), 1).items()).isEmpty();
        assertThat(store.history(c.id(), Optional.empty(), ConversationStore.MAX_PAGE).items()).isEmpty();
    }

    @Test
    void invalidCursorIsRejectedWithAHintToStartAgain() {
        Conversation c = newConversation();
        newConversation();
        String conversationsCursor = store.conversations("alice", Optional.empty(), 1).next().orElseThrow();
        for (String bad : List.of("not base64 !", "", "bm90IGEgY3Vyc29y", "aDF8eHx5")) {
            assertThatThrownBy(() -> store.history(c.id(), Optional.of(bad), 10))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor")
                    .hasMessageContaining("without a cursor");
            assertThatThrownBy(() -> store.conversations("alice", Optional.of(bad), 10))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a cursor");
        }
        assertThatThrownBy(() -> store.history(c.id(), Optional.of(conversationsCursor), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
    }

    @Test
    void historyCursorOfAnotherConversationIsRejected() {
        Conversation a = newConversation();
        Conversation b = newConversation();
        assistant(a, "one");
        assistant(a, "two");
        String cursor = store.history(a.id(), Optional.empty(), 1).next().orElseThrow();

        assertThatThrownBy(() -> store.history(b.id(), Optional.of(cursor), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
    }

    // ---- user messages

    @Test
    void userMessageIsStoredWithItsClientId() {
        Conversation c = newConversation();

        AppendResult result = store.appendUserMessage(c.id(), "client-1", "Hello");

        StoredMessage m = result.message();
        assertThat(result.duplicate()).isFalse();
        assertThat(m.role()).isEqualTo(Role.USER);
        assertThat(m.content()).isEqualTo("Hello");
        assertThat(m.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(m.clientMessageId()).contains("client-1");
        assertThat(m.conversationId()).isEqualTo(c.id());
        assertThat(m.createdAt()).isEqualTo(clock.instant());
        assertThat(store.message(m.id())).contains(m);
    }

    @Test
    void repeatedClientMessageIdReturnsTheFirstMessageAndStoresNothing() {
        Conversation c = newConversation();
        AppendResult first = store.appendUserMessage(c.id(), "client-1", "Hello");
        clock.advance(Duration.ofSeconds(1));

        AppendResult again = store.appendUserMessage(c.id(), "client-1", "Hello, resent");

        assertThat(again.duplicate()).isTrue();
        assertThat(again.message()).isEqualTo(first.message());
        assertThat(store.history(c.id(), Optional.empty(), 10).items()).containsExactly(first.message());
        assertThat(store.conversation(c.id()).orElseThrow().updatedAt()).isEqualTo(first.message().createdAt());
    }

    @Test
    void sameClientIdInAnotherConversationIsAnotherMessage() {
        Conversation a = newConversation();
        Conversation b = newConversation();

        AppendResult inA = store.appendUserMessage(a.id(), "client-1", "Hi A");
        AppendResult inB = store.appendUserMessage(b.id(), "client-1", "Hi B");

        assertThat(inB.duplicate()).isFalse();
        assertThat(inB.message().id()).isNotEqualTo(inA.message().id());
    }

    @Test
    void concurrentAppendsWithTheSameClientIdStoreExactlyOne() throws Exception {
        Conversation c = newConversation();

        List<AppendResult> results = Concurrently.run(16,
                i -> store.appendUserMessage(c.id(), "same-client-id", "Hello from thread " + i));

        assertThat(results).filteredOn(r -> !r.duplicate()).hasSize(1);
        assertThat(results).extracting(r -> r.message().id()).containsOnly(results.getFirst().message().id());
        assertThat(store.history(c.id(), Optional.empty(), 100).items()).hasSize(1);
    }

    @Test
    void appendingAUserMessageUpdatesTheConversation() {
        Conversation c = newConversation();
        clock.advance(Duration.ofMinutes(3));

        store.appendUserMessage(c.id(), "client-1", "Hello");

        assertThat(store.conversation(c.id()).orElseThrow().updatedAt()).isEqualTo(clock.instant());
    }

    // ---- assistant and tool messages

    @Test
    void assistantToolCallsRoundTrip() {
        Conversation c = newConversation();
        List<ToolCall> calls = List.of(new ToolCall("call_1", "search", "{\"q\":\"weather \\\"today\\\"\"}"),
                new ToolCall("call_2", "clock", "{}"));

        StoredMessage stored = store.appendMessage(
                NewMessage.assistant(c.id(), "Let me check.", calls, MessageStatus.COMPLETE));

        assertThat(stored.toolCalls()).isEqualTo(calls);
        assertThat(store.message(stored.id())).contains(stored);
        assertThat(store.history(c.id(), Optional.empty(), 10).items()).containsExactly(stored);
    }

    @Test
    void toolResultRoundTrips() {
        Conversation c = newConversation();

        StoredMessage stored = store.appendMessage(NewMessage.toolResult(c.id(), "call_1", "search", "Sunny, 21°C"));

        StoredMessage read = store.message(stored.id()).orElseThrow();
        assertThat(read).isEqualTo(stored);
        assertThat(read.role()).isEqualTo(Role.TOOL);
        assertThat(read.toolCallId()).contains("call_1");
        assertThat(read.toolName()).contains("search");
        assertThat(read.clientMessageId()).isEmpty();
    }

    @Test
    void replyToNamesTheQuestionAndRoundTrips() {
        Conversation c = newConversation();
        StoredMessage question = store.appendUserMessage(c.id(), "c1", "What's the weather?").message();

        StoredMessage call = store.appendMessage(NewMessage.assistant(c.id(), "", List.of(new ToolCall("call_1",
                "search", "{}")), MessageStatus.COMPLETE).replyingTo(question.id()));
        StoredMessage result = store.appendMessage(NewMessage.toolResult(c.id(), "call_1", "search", "Sunny")
                .replyingTo(question.id()));
        StoredMessage reply = store.appendMessage(NewMessage.assistant(c.id(), "Sunny.", List.of(),
                MessageStatus.COMPLETE).replyingTo(question.id()));
        StoredMessage note = store.appendMessage(NewMessage.assistant(c.id(), "A note.", List.of(),
                MessageStatus.COMPLETE));

        assertThat(List.of(call, result, reply)).allSatisfy(m -> assertThat(m.replyTo()).contains(question.id()));
        assertThat(store.message(reply.id()).orElseThrow().replyTo()).contains(question.id());
        assertThat(store.message(note.id()).orElseThrow().replyTo()).isEmpty();
        assertThat(store.message(question.id()).orElseThrow().replyTo()).isEmpty();
        assertThat(store.messagesAfter(c.id(), question.id(), 10)).containsExactly(call, result, reply, note);
        store.close();
        store = reopenStore();
        assertThat(store.history(c.id(), Optional.empty(), 10).items()).containsExactly(note, reply, result, call,
                question);
    }

    @Test
    void replyToAMessageOfAnotherConversationIsRejectedNamingIt() {
        Conversation c = newConversation();
        Conversation other = newConversation();
        long foreign = store.appendUserMessage(other.id(), "c1", "Hi").message().id();

        assertThatThrownBy(() -> store.appendMessage(NewMessage.assistant(c.id(), "Hello", List.of(),
                MessageStatus.COMPLETE).replyingTo(foreign)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(foreign))
                .hasMessageContaining(c.id());
        assertThat(store.history(c.id(), Optional.empty(), 10).items()).isEmpty();
    }

    @Test
    void updateMessageReplacesContentAndStatus() {
        Conversation c = newConversation();
        List<ToolCall> calls = List.of(new ToolCall("call_1", "search", "{}"));
        StoredMessage placeholder = store.appendMessage(
                NewMessage.assistant(c.id(), "", calls, MessageStatus.STREAMING));

        store.updateMessage(placeholder.id(), "The answer is 42.", MessageStatus.COMPLETE);

        StoredMessage done = store.message(placeholder.id()).orElseThrow();
        assertThat(done.content()).isEqualTo("The answer is 42.");
        assertThat(done.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(done.toolCalls()).isEqualTo(calls);
        assertThat(done.createdAt()).isEqualTo(placeholder.createdAt());
    }

    @Test
    void updateMessageCanSetTheToolCallsKnownOnlyAtTheEndOfAStream() {
        Conversation c = newConversation();
        StoredMessage placeholder = store.appendMessage(
                NewMessage.assistant(c.id(), "Let me look", List.of(), MessageStatus.STREAMING));
        List<ToolCall> calls = List.of(new ToolCall("call_9", "read_file", "{\"path\":\"a.md\"}"));

        store.updateMessage(placeholder.id(), "Let me look.", calls, MessageStatus.COMPLETE);

        StoredMessage done = store.message(placeholder.id()).orElseThrow();
        assertThat(done.toolCalls()).isEqualTo(calls);
        assertThat(done.content()).isEqualTo("Let me look.");
        store.updateMessage(placeholder.id(), "cleared", List.of(), MessageStatus.COMPLETE);
        assertThat(store.message(placeholder.id()).orElseThrow().toolCalls()).isEmpty();
    }

    @Test
    void updatingAnUnknownMessageThrowsNotFound() {
        assertThatThrownBy(() -> store.updateMessage(987_654_321L, "x", MessageStatus.FAILED))
                .isInstanceOf(StoreException.NotFound.class).hasMessageContaining("987654321");
    }

    @Test
    void updatingAUserMessageIsRejected() {
        Conversation c = newConversation();
        StoredMessage user = store.appendUserMessage(c.id(), "client-1", "Hello").message();

        assertThatThrownBy(() -> store.updateMessage(user.id(), "changed", MessageStatus.COMPLETE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(user.id()));
        assertThat(store.message(user.id()).orElseThrow().content()).isEqualTo("Hello");
    }

    @Test
    void unknownMessageIsEmpty() {
        assertThat(store.message(987_654_321L)).isEmpty();
    }

    // ---- history and messagesAfter

    @Test
    void historyPagesNewestFirstAcrossSeveralPages() {
        Conversation c = newConversation();
        List<StoredMessage> written = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            written.add(assistant(c, "message " + i));
        }

        Page<StoredMessage> p1 = store.history(c.id(), Optional.empty(), 4);
        Page<StoredMessage> p2 = store.history(c.id(), p1.next(), 4);
        Page<StoredMessage> p3 = store.history(c.id(), p2.next(), 4);

        assertThat(p1.items()).containsExactlyElementsOf(written.subList(7, 11).reversed());
        assertThat(p2.items()).containsExactlyElementsOf(written.subList(3, 7).reversed());
        assertThat(p3.items()).containsExactlyElementsOf(written.subList(0, 3).reversed());
        assertThat(p1.next()).isPresent();
        assertThat(p2.next()).isPresent();
        assertThat(p3.next()).isEmpty();
        assertThat(allHistory(c.id(), 3)).containsExactlyElementsOf(written.reversed());
    }

    @Test
    void historyPageEndingExactlyAtTheOldestMessageHasNoCursor() {
        Conversation c = newConversation();
        for (int i = 0; i < 4; i++) {
            assistant(c, "m" + i);
        }
        assertThat(store.history(c.id(), Optional.empty(), 4).next()).isEmpty();
        assertThat(store.history(newConversation().id(), Optional.empty(), 4)).isEqualTo(
                new Page<StoredMessage>(List.of(), Optional.empty()));
    }

    @Test
    void laterMessagesHaveLargerIdsAcrossConversations() {
        Conversation a = newConversation();
        Conversation b = newConversation();
        long first = assistant(a, "1").id();
        long second = store.appendUserMessage(b.id(), "c", "2").message().id();
        long third = store.appendMessage(NewMessage.toolResult(a.id(), "t", "n", "3")).id();

        assertThat(List.of(first, second, third)).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void messagesAfterReturnsLaterMessagesOldestFirst() {
        Conversation c = newConversation();
        List<StoredMessage> m = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            m.add(assistant(c, "m" + i));
        }
        assistant(newConversation(), "elsewhere");

        assertThat(store.messagesAfter(c.id(), m.get(1).id(), 10)).containsExactlyElementsOf(m.subList(2, 5));
        assertThat(store.messagesAfter(c.id(), m.get(1).id(), 2)).containsExactlyElementsOf(m.subList(2, 4));
        assertThat(store.messagesAfter(c.id(), 0, 500)).containsExactlyElementsOf(m);
        assertThat(store.messagesAfter(c.id(), m.get(4).id(), 10)).isEmpty();
    }

    @Test
    void tailingReaderSeesEveryMessageOnceWhileWritersAppend() throws Exception {
        Conversation c = newConversation();
        int writers = 8;
        int each = 12;
        CompletableFuture<List<Object>> writing = CompletableFuture.supplyAsync(() -> {
            try {
                return Concurrently.run(writers, w -> {
                    for (int i = 0; i < each; i++) {
                        assistant(c, "writer " + w + " message " + i);
                    }
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<Long> seen = new CopyOnWriteArrayList<>();
        AtomicLong last = new AtomicLong();

        await().atMost(Concurrently.TIMEOUT).pollInterval(Duration.ofMillis(5)).until(() -> {
            for (StoredMessage m : store.messagesAfter(c.id(), last.get(), 500)) {
                seen.add(m.id());
                last.set(m.id());
            }
            return seen.size() >= writers * each;
        });
        writing.get(Concurrently.TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(seen).doesNotHaveDuplicates().isSorted()
                .containsExactlyElementsOf(allHistory(c.id(), 500).stream().map(StoredMessage::id).toList().reversed());
    }

    // ---- events

    @Test
    void eventPositionsStartAtOneAndAreConsecutive() {
        Conversation c = newConversation();
        assertThat(store.lastEventSeq(c.id())).isZero();

        List<StoredEvent> first = store.appendEvents(c.id(),
                List.of(new NewEvent("turn.start", "{\"n\":1}"), new NewEvent("delta", "{\"text\":\"Hi\"}")));
        List<StoredEvent> second = store.appendEvents(c.id(), List.of(new NewEvent("turn.end", "{}")));

        assertThat(first).extracting(StoredEvent::seq).containsExactly(1L, 2L);
        assertThat(second).extracting(StoredEvent::seq).containsExactly(3L);
        assertThat(first.get(1).payloadJson()).isEqualTo("{\"text\":\"Hi\"}");
        assertThat(first.get(0).createdAt()).isEqualTo(clock.instant());
        assertThat(store.lastEventSeq(c.id())).isEqualTo(3);
        List<StoredEvent> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(store.eventsAfter(c.id(), 0, 10)).isEqualTo(all);
    }

    @Test
    void eachConversationHasItsOwnPositions() {
        Conversation a = newConversation();
        Conversation b = newConversation();
        store.appendEvents(a.id(), List.of(new NewEvent("x", "{}"), new NewEvent("x", "{}")));

        assertThat(store.appendEvents(b.id(), List.of(new NewEvent("y", "{}")))).extracting(StoredEvent::seq)
                .containsExactly(1L);
        assertThat(store.eventsAfter(b.id(), 0, 10)).extracting(StoredEvent::type).containsExactly("y");
    }

    @Test
    void appendingNoEventsReturnsNothingAndKeepsThePosition() {
        Conversation c = newConversation();
        store.appendEvents(c.id(), List.of(new NewEvent("x", "{}")));

        assertThat(store.appendEvents(c.id(), List.of())).isEmpty();
        assertThat(store.appendEvents(c.id(), List.of(new NewEvent("x", "{}")))).extracting(StoredEvent::seq)
                .containsExactly(2L);
    }

    @Test
    void eventsAfterPagesInOrder() {
        Conversation c = newConversation();
        for (int i = 0; i < 25; i++) {
            store.appendEvents(c.id(), List.of(new NewEvent("e", "{\"i\":" + i + "}")));
        }

        List<StoredEvent> p1 = store.eventsAfter(c.id(), 0, 10);
        List<StoredEvent> p2 = store.eventsAfter(c.id(), p1.getLast().seq(), 10);
        List<StoredEvent> p3 = store.eventsAfter(c.id(), p2.getLast().seq(), 10);

        assertThat(p1).extracting(StoredEvent::seq).containsExactlyElementsOf(positions(1, 10));
        assertThat(p2).extracting(StoredEvent::seq).containsExactlyElementsOf(positions(11, 20));
        assertThat(p3).extracting(StoredEvent::seq).containsExactlyElementsOf(positions(21, 25));
        assertThat(p3.getLast().payloadJson()).isEqualTo("{\"i\":24}");
        assertThat(store.eventsAfter(c.id(), 25, 10)).isEmpty();
    }

    @Test
    void concurrentAppendersGetEveryPositionExactlyOnce() throws Exception {
        Conversation c = newConversation();
        int threads = 12;
        int appendsEach = 8;

        List<List<StoredEvent>> perThread = Concurrently.run(threads, t -> {
            List<StoredEvent> mine = new ArrayList<>();
            for (int i = 0; i < appendsEach; i++) {
                List<NewEvent> batch = new ArrayList<>();
                for (int k = 0; k <= (t + i) % 3; k++) {
                    batch.add(new NewEvent("t" + t, "{\"i\":" + i + "}"));
                }
                List<StoredEvent> stored = store.appendEvents(c.id(), batch);
                long first = stored.getFirst().seq();
                assertThat(stored).extracting(StoredEvent::seq)
                        .containsExactlyElementsOf(positions(first, first + batch.size() - 1));
                mine.addAll(stored);
            }
            return mine;
        });

        List<Long> positions = perThread.stream().flatMap(List::stream).map(StoredEvent::seq).sorted().toList();
        long total = positions.size();
        assertThat(positions).containsExactlyElementsOf(positions(1, total));
        assertThat(store.lastEventSeq(c.id())).isEqualTo(total);
        assertThat(store.eventsAfter(c.id(), 0, 500)).extracting(StoredEvent::seq).containsExactlyElementsOf(positions);
    }

    @Test
    void eventPositionsContinueAfterReopen() {
        Conversation c = newConversation();
        store.appendEvents(c.id(), List.of(new NewEvent("a", "{}"), new NewEvent("b", "{}"), new NewEvent("c", "{}")));
        store.close();

        store = reopenStore();

        assertThat(store.lastEventSeq(c.id())).isEqualTo(3);
        assertThat(store.appendEvents(c.id(), List.of(new NewEvent("d", "{}")))).extracting(StoredEvent::seq)
                .containsExactly(4L);
        assertThat(store.eventsAfter(c.id(), 0, 10)).extracting(StoredEvent::type).containsExactly("a", "b", "c", "d");
    }

    @Test
    void acknowledgedWritesAreThereAfterReopen() {
        Conversation c = newConversation();
        StoredMessage user = store.appendUserMessage(c.id(), "client-1", "Hello").message();
        StoredMessage reply = assistant(c, "Hi there");
        Conversation before = store.conversation(c.id()).orElseThrow();
        store.close();

        store = reopenStore();

        assertThat(store.conversation(c.id())).contains(before);
        assertThat(store.history(c.id(), Optional.empty(), 10).items()).containsExactly(reply, user);
        assertThat(store.appendUserMessage(c.id(), "client-1", "Hello").duplicate()).isTrue();
    }

    // ---- summaries

    @Test
    void markSummarisedIsStoredAndNeverMovesBack() {
        Conversation c = newConversation();
        StoredMessage m1 = assistant(c, "one");
        StoredMessage m2 = assistant(c, "two");

        store.markSummarised(c.id(), m2.id());
        store.markSummarised(c.id(), m1.id());

        assertThat(store.conversation(c.id()).orElseThrow().summarisedUpTo()).isEqualTo(m2.id());
    }

    @Test
    void markSummarisedWithAMessageOfAnotherConversationThrowsNotFound() {
        Conversation a = newConversation();
        StoredMessage inB = assistant(newConversation(), "not in a");

        assertThatThrownBy(() -> store.markSummarised(a.id(), inB.id()))
                .isInstanceOf(StoreException.NotFound.class).hasMessageContaining(String.valueOf(inB.id()));
        assertThat(store.conversation(a.id()).orElseThrow().summarisedUpTo()).isZero();
    }

    // ---- failures

    @Test
    void unknownConversationThrowsNotFoundNamingTheId() {
        String id = "missing-conversation-42";
        List<ThrowingCallable> calls = List.of(
                () -> store.renameConversation(id, "x"),
                () -> store.appendUserMessage(id, "client-1", "Hello"),
                () -> store.appendMessage(NewMessage.assistant(id, "x", List.of(), MessageStatus.COMPLETE)),
                () -> store.history(id, Optional.empty(), 10),
                () -> store.messagesAfter(id, 0, 10),
                () -> store.appendEvents(id, List.of(new NewEvent("x", "{}"))),
                () -> store.appendEvents(id, List.of()),
                () -> store.eventsAfter(id, 0, 10),
                () -> store.lastEventSeq(id),
                () -> store.markSummarised(id, 1));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOf(StoreException.NotFound.class).hasMessageContaining(id);
        }
    }

    @Test
    void closedStoreRejectsCalls() {
        Conversation c = newConversation();
        store.close();

        assertThatThrownBy(() -> store.conversation(c.id())).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.createConversation("alice", "x")).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
        store.close(); // closing twice is harmless
    }
}
