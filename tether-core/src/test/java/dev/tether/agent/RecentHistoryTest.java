package dev.tether.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.store.Page;
import dev.tether.store.StoreException;
import dev.tether.store.StoredMessage;
import dev.tether.store.sqlite.SqliteConversationStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-memory window of recent history: the same messages as reading the store, with only changes read. */
class RecentHistoryTest {
    @TempDir
    Path dir;
    ConversationStore store;
    /** Store method name -> calls, and messages the store returned, through {@link #counted}. */
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final AtomicLong messagesRead = new AtomicLong();
    volatile boolean failHistory;
    ConversationStore counted;

    @BeforeEach
    void open() {
        store = SqliteConversationStore.open(dir.resolve("tether.db"));
        counted = (ConversationStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConversationStore.class}, (proxy, method, args) -> {
                    calls.computeIfAbsent(method.getName(), n -> new AtomicInteger()).incrementAndGet();
                    if (failHistory && method.getName().equals("history")) {
                        throw new StoreException("injected: the database went away");
                    }
                    Object result;
                    try {
                        result = method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof Page<?> p) {
                        messagesRead.addAndGet(p.items().size());
                    } else if (result instanceof dev.tether.store.MessageChanges c) {
                        messagesRead.addAndGet(c.messages().size());
                    } else if (result instanceof Collection<?> c) {
                        messagesRead.addAndGet(c.size());
                    }
                    return result;
                });
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Reads newest first until {@code limit} messages were taken (all if negative); counts its starts. */
    static final class Take implements RecentHistory.Reader {
        final int limit;
        List<StoredMessage> taken = new ArrayList<>();
        int starts;

        Take(int limit) {
            this.limit = limit;
        }

        @Override
        public void start() {
            starts++;
            taken = new ArrayList<>();
        }

        @Override
        public boolean next(StoredMessage message, int cost) {
            assertThat(cost).isEqualTo(ContextBuilder.tokens(message));
            if (limit >= 0 && taken.size() >= limit) {
                return false;
            }
            taken.add(message);
            return true;
        }
    }

    /** The newest {@code limit} messages as the store has them now (all if negative). */
    private List<StoredMessage> truth(String conversationId, int limit) {
        List<StoredMessage> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<StoredMessage> page = store.history(conversationId, cursor, ConversationStore.MAX_PAGE);
            all.addAll(page.items());
            cursor = page.next();
        } while (cursor.isPresent());
        return limit < 0 || all.size() <= limit ? all : all.subList(0, limit);
    }

    /** A conversation of {@code n} user messages "m0", "m1", ... */
    private Conversation conversationOf(int n) {
        Conversation c = store.createConversation("alice", "Chat");
        for (int i = 0; i < n; i++) {
            store.appendUserMessage(c.id(), "u" + i, "m" + i);
        }
        return c;
    }

    private List<StoredMessage> read(RecentHistory history, String conversationId, int limit) {
        Take take = new Take(limit);
        history.newestFirst(conversationId, take);
        return take.taken;
    }

    @Test
    void randomWritesFromTwoNodesAndReadsOfRandomDepthAlwaysSeeWhatTheStoreHas() {
        Random random = new Random(42);
        RecentHistory history = new RecentHistory(counted, ContextBuilder::tokens, 50_000);
        try (ConversationStore otherNode = SqliteConversationStore.open(dir.resolve("tether.db"))) {
            List<ConversationStore> writers = List.of(store, otherNode);
            List<String> conversations = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                conversations.add(store.createConversation("alice", "c" + i).id());
            }
            Map<String, List<Long>> replies = new ConcurrentHashMap<>();
            for (int step = 0; step < 1500; step++) {
                String c = conversations.get(random.nextInt(conversations.size()));
                ConversationStore writer = writers.get(random.nextInt(2));
                int action = random.nextInt(10);
                if (action < 3) {
                    writer.appendUserMessage(c, "u" + step, "question " + step + " " + "x".repeat(random.nextInt(200)));
                } else if (action < 5) {
                    long id = writer.appendMessage(NewMessage.assistant(c, "", List.of(), MessageStatus.STREAMING)).id();
                    replies.computeIfAbsent(c, k -> new ArrayList<>()).add(id);
                } else if (action < 7 && replies.containsKey(c)) {
                    List<Long> ids = replies.get(c); // a checkpoint or the end of any earlier reply, even an old one
                    long id = ids.get(random.nextInt(ids.size()));
                    MessageStatus status = MessageStatus.values()[random.nextInt(MessageStatus.values().length)];
                    writer.updateMessage(id, "reply " + step + " " + "y".repeat(random.nextInt(300)), status);
                } else {
                    int limit = random.nextInt(4) == 0 ? -1 : random.nextInt(120);
                    assertThat(read(history, c, limit)).as("step %d, %d newest of %s", step, limit, c)
                            .containsExactlyElementsOf(truth(c, limit));
                }
            }
        }
        assertThat(history.heldChars()).isLessThanOrEqualTo(50_000 + 4 * 64 * 600);
    }

    @Test
    void thinkingIsNotHeldSoItCannotGrowTheHistoryPastItsBound() {
        RecentHistory history = new RecentHistory(counted, ContextBuilder::tokens, 10_000_000);
        Conversation c = store.createConversation("alice", "Thoughtful");
        long q = store.appendUserMessage(c.id(), "u1", "Why?").message().id();
        store.appendMessage(NewMessage.assistant(c.id(), "Because.", List.of(), MessageStatus.COMPLETE).replyingTo(q)
                .withThinking("t".repeat(100_000)));

        List<StoredMessage> read = read(history, c.id(), -1);

        assertThat(read).extracting(StoredMessage::content).containsExactly("Because.", "Why?");
        assertThat(read).allSatisfy(m -> assertThat(m.thinking()).isEmpty());
        assertThat(history.heldChars()).isLessThan(100);
    }

    @Test
    void aLongConversationReadsOnlyWhatChangedEachTurn() {
        Conversation c = store.createConversation("alice", "Long");
        for (int i = 0; i < 1000; i++) {
            store.appendUserMessage(c.id(), "u" + i, "question " + i);
            store.appendMessage(NewMessage.assistant(c.id(), "answer " + i, List.of(), MessageStatus.COMPLETE));
        }
        RecentHistory history = new RecentHistory(counted, ContextBuilder::tokens, 10_000_000);
        assertThat(read(history, c.id(), 300)).containsExactlyElementsOf(truth(c.id(), 300));
        calls.clear();
        messagesRead.set(0);

        for (int turn = 0; turn < 50; turn++) {
            store.appendUserMessage(c.id(), "next" + turn, "one more");
            StoredMessage reply = store.appendMessage(NewMessage.assistant(c.id(), "", List.of(),
                    MessageStatus.STREAMING));
            store.updateMessage(reply.id(), "done", MessageStatus.COMPLETE);
            assertThat(read(history, c.id(), 300)).containsExactlyElementsOf(truth(c.id(), 300));
        }

        // per turn: one question for the changes, which brings the turn's two new messages; no history pages
        assertThat(calls.keySet()).containsOnly("messageChanges");
        assertThat(calls.get("messageChanges").get()).isEqualTo(50);
        assertThat(messagesRead.get()).isEqualTo(100);
        assertThat(history.heldMessages()).isBetween(300, 302);
    }

    @Test
    void aReaderThatWantsMoreThanWasKeptStartsOverAndGetsEverything() {
        Conversation c = conversationOf(200);
        RecentHistory history = new RecentHistory(counted, ContextBuilder::tokens, 10_000_000);
        assertThat(read(history, c.id(), 10)).containsExactlyElementsOf(truth(c.id(), 10));
        assertThat(history.heldMessages()).isEqualTo(11); // the ten taken and the one it stopped at

        Take deep = new Take(150);
        history.newestFirst(c.id(), deep);

        assertThat(deep.taken).containsExactlyElementsOf(truth(c.id(), 150));
        assertThat(deep.starts).isEqualTo(2);
        assertThat(read(history, c.id(), -1)).containsExactlyElementsOf(truth(c.id(), -1));
    }

    @Test
    void windowsAreDroppedLeastRecentlyUsedFirstPastTheLimit() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = store.createConversation("alice", "c" + i).id();
            ids.add(id);
            for (int k = 0; k < 10; k++) {
                store.appendUserMessage(id, "u" + k, "x".repeat(100));
            }
        }
        RecentHistory history = new RecentHistory(counted, ContextBuilder::tokens, 2_500);

        read(history, ids.get(0), -1);
        read(history, ids.get(1), -1);
        assertThat(history.heldChars()).isEqualTo(2_000);
        read(history, ids.get(0), -1); // now the most recently used
        read(history, ids.get(2), -1);

        assertThat(history.heldChars()).isEqualTo(2_000);
        calls.clear();
        read(history, ids.get(0), -1);
        assertThat(calls.keySet()).as("conversation 0 was kept").containsOnly("messageChanges");
        calls.clear();
        read(history, ids.get(1), -1);
        assertThat(calls.keySet()).as("conversation 1 was dropped and is read again").contains("history");
    }

    @Test
    void aForgottenConversationLeavesMemoryAtOnceAndOthersStay() {
        Conversation gone = conversationOf(30);
        Conversation kept = conversationOf(20);
        RecentHistory history = new RecentHistory(counted, ContextBuilder::tokens, 10_000_000);
        read(history, gone.id(), -1);
        read(history, kept.id(), -1);
        long keptChars = truth(kept.id(), -1).stream().mapToLong(m -> m.content().length()).sum();

        history.forget(gone.id());
        history.forget("never-read");

        assertThat(history.heldMessages()).isEqualTo(truth(kept.id(), -1).size());
        assertThat(history.heldChars()).isEqualTo(keptChars);
        calls.clear();
        assertThat(read(history, kept.id(), -1)).containsExactlyElementsOf(truth(kept.id(), -1));
        assertThat(calls.keySet()).containsOnly("messageChanges");
    }

    @Test
    void aReadThatFailsHalfWayLeavesNothingThatLooksComplete() {
        Conversation c = conversationOf(100);
        RecentHistory history = new RecentHistory(counted, ContextBuilder::tokens, 10_000_000);
        failHistory = true;

        assertThatThrownBy(() -> read(history, c.id(), -1)).isInstanceOf(StoreException.class)
                .hasMessageContaining("injected");
        failHistory = false;

        assertThat(read(history, c.id(), -1)).containsExactlyElementsOf(truth(c.id(), -1));
    }
}
