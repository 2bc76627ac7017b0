package dev.tether.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.api.model.ToolCall;
import dev.tether.store.ConversationStore;
import dev.tether.store.JobStore;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.store.StoredMessage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An assistant message's thinking (what a reasoning model thought before its content): stored with the message,
 * replaced by the updates that name it, kept by those that do not, and read back by every read. Run against every
 * store (SQLite, PostgreSQL).
 */
public abstract class ThinkingContract extends StoreContract<ConversationStore> {

    @Test
    void thinkingIsStoredWithTheMessageAndReadBackByEveryRead() {
        String c = store.createConversation("ada", "Chat").id();
        long q = store.appendUserMessage(c, "u1", "Six times seven?").message().id();
        StoredMessage reply = store.appendMessage(NewMessage.assistant(c, "42.", List.of(), MessageStatus.COMPLETE)
                .replyingTo(q).withThinking("Six times seven is 42."));

        assertThat(reply.thinking()).isEqualTo("Six times seven is 42.");
        assertThat(store.message(reply.id()).orElseThrow().thinking()).isEqualTo("Six times seven is 42.");
        assertThat(store.history(c, Optional.empty(), 10).items().getFirst().thinking())
                .isEqualTo("Six times seven is 42.");
        assertThat(store.messagesAfter(c, q, 10).getFirst().thinking()).isEqualTo("Six times seven is 42.");
        assertThat(store.messageChanges(c, 0, 10).messages().getLast().thinking()).isEqualTo("Six times seven is 42.");
        assertThat(store.message(q).orElseThrow().thinking()).isEmpty();
    }

    @Test
    void updatesThatNameThinkingReplaceItAndOthersKeepIt() {
        String c = store.createConversation("ada", "Chat").id();
        long q = store.appendUserMessage(c, "u1", "Weather?").message().id();
        long id = store.appendMessage(NewMessage.assistant(c, "", List.of(), MessageStatus.STREAMING).replyingTo(q))
                .id();
        assertThat(store.message(id).orElseThrow().thinking()).isEmpty();

        store.updateMessage(id, "", "I should look", MessageStatus.STREAMING);
        assertThat(store.message(id).orElseThrow().thinking()).isEqualTo("I should look");

        ToolCall call = new ToolCall("call_1", "web_fetch", "{}");
        store.updateMessage(id, "Let me look.", "I should look it up.", List.of(call), MessageStatus.COMPLETE);
        StoredMessage done = store.message(id).orElseThrow();
        assertThat(done.thinking()).isEqualTo("I should look it up.");
        assertThat(done.toolCalls()).containsExactly(call);
        assertThat(done.content()).isEqualTo("Let me look.");

        store.updateMessage(id, "Let me look!", MessageStatus.COMPLETE);
        assertThat(store.message(id).orElseThrow().thinking()).isEqualTo("I should look it up.");
        store.updateMessage(id, "Let me look.", List.of(call), MessageStatus.COMPLETE);
        assertThat(store.message(id).orElseThrow().thinking()).isEqualTo("I should look it up.");

        store.updateMessage(id, "Let me look.", "", MessageStatus.COMPLETE);
        assertThat(store.message(id).orElseThrow().thinking()).isEmpty();
    }

    @Test
    void aReplyInterruptedByACrashKeepsItsThinking() {
        String c = store.createConversation("ada", "Chat").id();
        long q = store.appendUserMessage(c, "u1", "Hi").message().id();
        long id = store.appendMessage(NewMessage.assistant(c, "", List.of(), MessageStatus.STREAMING).replyingTo(q)
                .withThinking("Greet them")).id();

        List<StoredMessage> interrupted = ((JobStore) store).interruptStreaming();

        assertThat(interrupted).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo(id);
            assertThat(m.status()).isEqualTo(MessageStatus.INTERRUPTED);
            assertThat(m.thinking()).isEqualTo("Greet them");
        });
        assertThat(store.message(id).orElseThrow().thinking()).isEqualTo("Greet them");
    }
}
