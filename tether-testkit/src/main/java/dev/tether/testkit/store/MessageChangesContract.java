package dev.tether.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.store.JobStore;
import dev.tether.store.MessageChanges;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewEvent;
import dev.tether.store.NewMessage;
import dev.tether.store.StoreException;
import dev.tether.store.StoredMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link ConversationStore#messageVersion} and {@link ConversationStore#messageChanges}: what a reader needs to
 * keep a copy of a conversation's recent messages current without reading them again. Run against every store.
 */
public abstract class MessageChangesContract extends StoreContract<ConversationStore> {


    /** Another store on the same database as the last {@link #openStore()} (a second node), left open. */
    protected abstract ConversationStore openSecondNode();

    private StoredMessage reply(String conversationId, String text, MessageStatus status) {
        return store.appendMessage(NewMessage.assistant(conversationId, text, List.of(), status));
    }

    @Test
    void everyMessageStoredOrUpdatedRaisesTheVersionAndNothingElseDoes() {
        Conversation c = store.createConversation("alice", "Chat");
        assertThat(store.messageVersion(c.id())).isZero();

        store.appendUserMessage(c.id(), "u1", "Hi");
        assertThat(store.messageVersion(c.id())).isEqualTo(1);
        StoredMessage r = reply(c.id(), "He", MessageStatus.STREAMING);
        assertThat(store.messageVersion(c.id())).isEqualTo(2);
        store.updateMessage(r.id(), "Hello", MessageStatus.COMPLETE);
        assertThat(store.messageVersion(c.id())).isEqualTo(3);

        store.appendUserMessage(c.id(), "u1", "Hi"); // a duplicate send stores nothing
        store.appendEvents(c.id(), List.of(new NewEvent("e", "{}")));
        store.renameConversation(c.id(), "Renamed");
        store.markSummarised(c.id(), r.id());
        assertThat(store.messageVersion(c.id())).isEqualTo(3);

        Conversation other = store.createConversation("alice", "Other");
        store.appendUserMessage(other.id(), "u1", "Elsewhere");
        assertThat(store.messageVersion(c.id())).isEqualTo(3);
        assertThat(store.messageVersion(other.id())).isEqualTo(1);
    }

    @Test
    void changesAreTheNewAndUpdatedMessagesOnceEachInTheirLatestStateInWriteOrder() {
        Conversation c = store.createConversation("alice", "Chat");
        StoredMessage before = store.appendUserMessage(c.id(), "u0", "Earlier").message();
        long seen = store.messageVersion(c.id());

        StoredMessage a = reply(c.id(), "a", MessageStatus.STREAMING);
        StoredMessage b = store.appendUserMessage(c.id(), "u1", "b").message();
        store.updateMessage(a.id(), "a, longer", MessageStatus.STREAMING);
        store.updateMessage(a.id(), "a, done", MessageStatus.COMPLETE);
        MessageChanges changes = store.messageChanges(c.id(), seen, 100);

        assertThat(changes.messages()).extracting(StoredMessage::id).containsExactly(b.id(), a.id());
        assertThat(changes.messages().get(1).content()).isEqualTo("a, done");
        assertThat(changes.messages().get(1).status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(changes.messages()).extracting(StoredMessage::id).doesNotContain(before.id());
        assertThat(changes.version()).isEqualTo(store.messageVersion(c.id()));
        assertThat(changes.more()).isFalse();

        MessageChanges none = store.messageChanges(c.id(), changes.version(), 100);
        assertThat(none.messages()).isEmpty();
        assertThat(none.version()).isEqualTo(changes.version());
    }

    @Test
    void repliesMarkedInterruptedAtRecoveryAreChanges() {
        Conversation c = store.createConversation("alice", "Chat");
        StoredMessage cut = reply(c.id(), "half a repl", MessageStatus.STREAMING);
        long seen = store.messageVersion(c.id());

        ((JobStore) store).interruptStreaming();

        assertThat(store.messageChanges(c.id(), seen, 10).messages()).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo(cut.id());
            assertThat(m.status()).isEqualTo(MessageStatus.INTERRUPTED);
        });
    }

    @Test
    void aLimitGivesChangesInPiecesThatJoinUp() {
        Conversation c = store.createConversation("alice", "Chat");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(store.appendUserMessage(c.id(), "u" + i, "m" + i).message().id());
        }

        MessageChanges first = store.messageChanges(c.id(), 0, 2);
        MessageChanges second = store.messageChanges(c.id(), first.version(), 2);
        MessageChanges third = store.messageChanges(c.id(), second.version(), 2);

        assertThat(first.more()).isTrue();
        assertThat(second.more()).isTrue();
        assertThat(third.more()).isFalse();
        List<Long> all = new ArrayList<>();
        for (MessageChanges part : List.of(first, second, third)) {
            part.messages().forEach(m -> all.add(m.id()));
        }
        assertThat(all).containsExactlyElementsOf(ids);
        assertThat(third.version()).isEqualTo(5);
    }

    @Test
    void versionsSurviveReopening() {
        Conversation c = store.createConversation("alice", "Chat");
        store.appendUserMessage(c.id(), "u1", "Hi");
        store.appendUserMessage(c.id(), "u2", "Again");
        try (ConversationStore second = openSecondNode()) {
            assertThat(second.messageVersion(c.id())).isEqualTo(2);
            second.appendUserMessage(c.id(), "u3", "From the other node");
            assertThat(store.messageVersion(c.id())).isEqualTo(3);
            assertThat(store.messageChanges(c.id(), 2, 10).messages()).extracting(StoredMessage::content)
                    .containsExactly("From the other node");
        }
    }

    @Test
    void badArgumentsAreRefusedWithAReason() {
        Conversation c = store.createConversation("alice", "Chat");

        assertThatThrownBy(() -> store.messageVersion("no-such-conversation"))
                .isInstanceOf(StoreException.NotFound.class).hasMessageContaining("no-such-conversation");
        assertThatThrownBy(() -> store.messageChanges("no-such-conversation", 0, 10))
                .isInstanceOf(StoreException.NotFound.class).hasMessageContaining("no-such-conversation");
        assertThatThrownBy(() -> store.messageChanges(c.id(), -1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> store.messageChanges(c.id(), 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Writers on two nodes add and update messages while a reader follows only the changes; at the end the
     * reader's copy equals the stored history. A version handed out out of commit order would make the reader
     * skip a message for good.
     */
    @Test
    void aReaderFollowingChangesWhileTwoNodesWriteMissesNothing() throws Exception {
        Conversation c = store.createConversation("alice", "Busy");
        try (ConversationStore second = openSecondNode()) {
            List<ConversationStore> nodes = List.of(store, second);
            Map<Long, StoredMessage> copy = new TreeMap<>();
            long[] version = {store.messageVersion(c.id())};
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread reader = Thread.ofVirtual().start(() -> {
                while (writing.get()) {
                    follow(c.id(), version, copy);
                }
            });
            Concurrently.run(6, i -> {
                ConversationStore node = nodes.get(i % 2);
                for (int k = 0; k < 15; k++) {
                    if (i % 3 == 0) {
                        node.appendUserMessage(c.id(), "w" + i + "-" + k, "user " + i + "/" + k);
                    } else {
                        StoredMessage m = node.appendMessage(NewMessage.assistant(c.id(), "r" + i + "/" + k, List.of(),
                                MessageStatus.STREAMING));
                        node.updateMessage(m.id(), "r" + i + "/" + k + " done", MessageStatus.COMPLETE);
                    }
                }
                return null;
            });
            writing.set(false);
            reader.join();
            follow(c.id(), version, copy);

            List<StoredMessage> stored = store.messagesAfter(c.id(), 0, ConversationStore.MAX_PAGE);
            assertThat(stored).hasSize(90);
            assertThat(new ArrayList<>(copy.values())).containsExactlyElementsOf(stored);
        }
    }

    private void follow(String conversationId, long[] version, Map<Long, StoredMessage> copy) {
        MessageChanges changes;
        do {
            changes = store.messageChanges(conversationId, version[0], 7);
            synchronized (copy) {
                changes.messages().forEach(m -> copy.put(m.id(), m));
            }
            version[0] = changes.version();
        } while (changes.more());
    }
}
