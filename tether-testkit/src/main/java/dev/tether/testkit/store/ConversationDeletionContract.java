package dev.tether.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.store.JobStore;
import dev.tether.store.Lane;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewEvent;
import dev.tether.store.NewJob;
import dev.tether.store.NewMessage;
import dev.tether.store.StoreException;
import dev.tether.store.StoredJob;
import dev.tether.store.StoredMessage;
import dev.tether.store.Submitted;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ConversationStore#deleteConversation}: a deleted conversation leaves nothing behind (messages, events,
 * open jobs of every kind) and touches nothing else; afterwards it is an unknown id. Run against every store; the
 * store must implement {@link JobStore} too.
 */
public abstract class ConversationDeletionContract extends StoreContract<ConversationStore> {

    private JobStore jobs() {
        return (JobStore) store;
    }

    /** A conversation with a question, a streaming reply with a tool call, events, a queued reply and a background job. */
    protected Conversation filled(String owner, String title) {
        Conversation c = store.createConversation(owner, title);
        Submitted first = jobs().submitUserMessage(c.id(), "u1", "What is in a.md?", Lane.INTERACTIVE);
        StoredMessage reply = store.appendMessage(NewMessage.assistant(c.id(), "Reading it", List.of(),
                MessageStatus.STREAMING).replyingTo(first.message().id()));
        store.appendMessage(NewMessage.toolResult(c.id(), "call_1", "read_file", "# A").replyingTo(first.message().id()));
        store.updateMessage(reply.id(), "Reading it. It says A.", MessageStatus.COMPLETE);
        jobs().submitUserMessage(c.id(), "u2", "And b.md?", Lane.INTERACTIVE);
        jobs().enqueue(new NewJob("memory:" + c.id(), Lane.BACKGROUND, "memory.consolidate", Optional.of(c.id()), 0,
                "5"));
        store.appendEvents(c.id(), List.of(new NewEvent("note", "{}"), new NewEvent("note", "{}")));
        store.markSummarised(c.id(), first.message().id());
        return c;
    }

    @Test
    void deletingRemovesTheConversationWithItsMessagesEventsAndJobs() {
        Conversation doomed = filled("alice", "Doomed");
        Conversation kept = filled("alice", "Kept");
        Conversation othersOwn = filled("bob", "Bob's");
        List<StoredMessage> keptMessages = store.history(kept.id(), Optional.empty(), 50).items();

        assertThat(store.deleteConversation(doomed.id())).isTrue();

        assertThat(store.conversation(doomed.id())).isEmpty();
        assertThat(store.conversations("alice", Optional.empty(), 50).items()).extracting(Conversation::id)
                .containsExactly(kept.id());
        assertThat(jobs().openJobs()).extracting(j -> j.conversationId().orElseThrow())
                .hasSize(6)
                .doesNotContain(doomed.id())
                .containsOnly(kept.id(), othersOwn.id());
        assertThatThrownBy(() -> store.eventsAfter(doomed.id(), 0, 50)).isInstanceOf(StoreException.NotFound.class);
        // everything else is as it was
        assertThat(store.history(kept.id(), Optional.empty(), 50).items()).isEqualTo(keptMessages);
        assertThat(store.eventsAfter(kept.id(), 0, 50)).hasSize(2);
        assertThat(store.conversation(othersOwn.id())).isPresent();
    }

    @Test
    void messagesOfADeletedConversationAreGoneByIdToo() {
        Conversation c = filled("alice", "Doomed");
        List<StoredMessage> messages = store.messagesAfter(c.id(), 0, 50);
        assertThat(messages).hasSize(4);

        store.deleteConversation(c.id());

        for (StoredMessage m : messages) {
            assertThat(store.message(m.id())).as("message %d", m.id()).isEmpty();
            assertThat(jobs().openReply(m.id())).isEmpty();
        }
    }

    @Test
    void deletingAgainOrAnUnknownIdReturnsFalse() {
        Conversation c = store.createConversation("alice", "Once");

        assertThat(store.deleteConversation(c.id())).isTrue();
        assertThat(store.deleteConversation(c.id())).isFalse();
        assertThat(store.deleteConversation("no-such-conversation")).isFalse();
    }

    @Test
    void writesToADeletedConversationAreRefusedAsUnknown() {
        Conversation c = filled("alice", "Doomed");
        StoredMessage reply = store.messagesAfter(c.id(), 0, 50).get(1);
        store.deleteConversation(c.id());

        assertThatThrownBy(() -> store.appendUserMessage(c.id(), "u3", "Still there?"))
                .isInstanceOf(StoreException.NotFound.class).hasMessageContaining(c.id());
        assertThatThrownBy(() -> jobs().submitUserMessage(c.id(), "u3", "Still there?", Lane.INTERACTIVE))
                .isInstanceOf(StoreException.NotFound.class).hasMessageContaining(c.id());
        assertThatThrownBy(() -> store.appendMessage(NewMessage.assistant(c.id(), "late", List.of(),
                MessageStatus.STOPPED))).isInstanceOf(StoreException.NotFound.class);
        assertThatThrownBy(() -> store.updateMessage(reply.id(), "late", MessageStatus.STOPPED))
                .isInstanceOf(StoreException.NotFound.class);
        assertThatThrownBy(() -> store.renameConversation(c.id(), "Back"))
                .isInstanceOf(StoreException.NotFound.class);
        assertThatThrownBy(() -> store.messageVersion(c.id())).isInstanceOf(StoreException.NotFound.class);
        assertThat(store.conversation(c.id())).isEmpty();
    }

    @Test
    void finishingOrReschedulingAJobOfADeletedConversationIsHarmlessOrNamed() {
        Conversation c = filled("alice", "Doomed");
        List<StoredJob> open = jobs().openJobs();
        store.deleteConversation(c.id());

        for (StoredJob job : open) {
            jobs().finish(job.id()); // a worker that was running it reports it done: nothing to do
            assertThatThrownBy(() -> jobs().reschedule(job.id(), 1, Instant.now(), "model busy"))
                    .isInstanceOf(StoreException.NotFound.class).hasMessageContaining(Long.toString(job.id()));
        }
        assertThat(jobs().openJobs()).isEmpty();
    }

    @Test
    void aConversationCreatedAfterADeletionStartsAfresh() {
        Conversation old = filled("alice", "Old");
        long lastMessage = store.messagesAfter(old.id(), 0, 50).getLast().id();
        store.deleteConversation(old.id());

        Conversation fresh = store.createConversation("alice", "Fresh");
        StoredMessage m = store.appendUserMessage(fresh.id(), "u1", "Hi").message();

        assertThat(fresh.id()).isNotEqualTo(old.id());
        assertThat(m.id()).as("message ids are never reused").isGreaterThan(lastMessage);
        assertThat(store.lastEventSeq(fresh.id())).isZero();
        assertThat(store.conversations("alice", Optional.empty(), 50).items()).extracting(Conversation::id)
                .containsExactly(fresh.id());
    }
}
