package dev.tether.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.store.ConversationStore;
import dev.tether.store.JobStore;
import dev.tether.store.Lane;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewJob;
import dev.tether.store.NewMessage;
import dev.tether.store.NewUserMessage;
import dev.tether.store.StoreException.EditRefused;
import dev.tether.store.StoredMessage;
import dev.tether.store.Submitted;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A question edited and asked again ({@link NewUserMessage#replaces()}): the new message names the question it
 * replaces, stored with its reply job like any message, and read back the same way by every read; only the last
 * question, once its reply has ended, can be edited. Run against every store (SQLite, PostgreSQL).
 */
public abstract class EditedQuestionContract extends StoreContract<ConversationStore> {

    private JobStore jobs() {
        return (JobStore) store;
    }

    /** A conversation whose question {@code text} was answered (its reply job finished). */
    private StoredMessage answered(String conversation, String clientId, String text) {
        Submitted s = jobs().submitUserMessage(conversation, clientId, text, Lane.INTERACTIVE);
        store.appendMessage(NewMessage.assistant(conversation, "An answer", List.of(), MessageStatus.COMPLETE)
                .replyingTo(s.message().id()));
        jobs().finish(s.job().orElseThrow().id());
        return s.message();
    }

    private Submitted edit(String conversation, String clientId, long replaces) {
        return jobs().submitUserMessage(new NewUserMessage(conversation, clientId, "Fixed question",
                Optional.of(replaces)), Lane.INTERACTIVE);
    }

    @Test
    void anEditNamesTheQuestionItReplacesInEveryRead() {
        String c = store.createConversation("ada", "Chat").id();
        StoredMessage question = answered(c, "u1", "Wht is 2+2?");

        Submitted edited = edit(c, "u2", question.id());

        assertThat(edited.duplicate()).isFalse();
        assertThat(edited.message().replaces()).contains(question.id());
        assertThat(edited.job()).hasValueSatisfying(j -> assertThat(j.userMessageId()).isEqualTo(edited.message().id()));
        assertThat(store.message(edited.message().id()).orElseThrow().replaces()).contains(question.id());
        assertThat(store.history(c, Optional.empty(), 10).items().getFirst().replaces()).contains(question.id());
        assertThat(store.messagesAfter(c, question.id(), 10).getLast().replaces()).contains(question.id());
        assertThat(store.messageChanges(c, 0, 10).messages().getLast().replaces()).contains(question.id());
        assertThat(store.message(question.id()).orElseThrow().replaces()).isEmpty();
    }

    @Test
    void aResentEditIsADuplicateEvenThoughItsQuestionIsNoLongerTheLast() {
        String c = store.createConversation("ada", "Chat").id();
        StoredMessage question = answered(c, "u1", "Wht is 2+2?");
        Submitted first = edit(c, "u2", question.id());

        Submitted again = edit(c, "u2", question.id());

        assertThat(again.duplicate()).isTrue();
        assertThat(again.message().id()).isEqualTo(first.message().id());
        assertThat(store.history(c, Optional.empty(), 10).items()).hasSize(3);
    }

    @Test
    void onlyTheLastQuestionCanBeEdited() {
        String c = store.createConversation("ada", "Chat").id();
        StoredMessage earlier = answered(c, "u1", "First");
        answered(c, "u2", "Second");

        assertRefused(c, () -> edit(c, "u3", earlier.id()), EditRefused.Reason.NOT_LAST_QUESTION);
    }

    @Test
    void aQuestionAlreadyEditedCannotBeEditedAgain() {
        String c = store.createConversation("ada", "Chat").id();
        StoredMessage question = answered(c, "u1", "First");
        edit(c, "u2", question.id());

        assertRefused(c, () -> edit(c, "u3", question.id()), EditRefused.Reason.NOT_LAST_QUESTION);
    }

    @Test
    void aQuestionWhoseReplyIsStillOpenCannotBeEdited() {
        String c = store.createConversation("ada", "Chat").id();
        Submitted open = jobs().submitUserMessage(c, "u1", "Still being answered", Lane.INTERACTIVE);

        assertRefused(c, () -> edit(c, "u2", open.message().id()), EditRefused.Reason.REPLY_OPEN);
    }

    @Test
    void anAnswerOrAnUnknownOrForeignMessageCannotBeEdited() {
        String c = store.createConversation("ada", "Chat").id();
        StoredMessage question = answered(c, "u1", "Hi");
        long answer = store.history(c, Optional.empty(), 1).items().getFirst().id();
        String other = store.createConversation("ada", "Other").id();
        StoredMessage foreign = answered(other, "u1", "Elsewhere");

        assertRefused(c, () -> edit(c, "u2", answer), EditRefused.Reason.NOT_A_QUESTION);
        assertRefused(c, () -> edit(c, "u3", question.id() + 1000), EditRefused.Reason.UNKNOWN_MESSAGE);
        assertRefused(c, () -> edit(c, "u4", foreign.id()), EditRefused.Reason.UNKNOWN_MESSAGE);
    }

    @Test
    void anEditedQuestionCannotBeAnsweredAgainButItsEditCan() {
        String c = store.createConversation("ada", "Chat").id();
        StoredMessage question = answered(c, "u1", "Wht is 2+2?");
        Submitted edited = edit(c, "u2", question.id());
        jobs().finish(edited.job().orElseThrow().id());

        assertThatThrownBy(() -> jobs().enqueue(NewJob.reply(c, question.id(), Lane.INTERACTIVE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("message " + edited.message().id() + " replaces it");
        assertThat(jobs().enqueue(NewJob.reply(c, edited.message().id(), Lane.INTERACTIVE)).userMessageId())
                .isEqualTo(edited.message().id());
    }

    /** {@code edit} is refused for {@code reason}, and stores nothing in conversation {@code c}. */
    private void assertRefused(String c, Runnable edit, EditRefused.Reason reason) {
        int before = store.messagesAfter(c, 0, 500).size();
        int jobsBefore = jobs().openJobs().size();
        assertThatThrownBy(edit::run).isInstanceOfSatisfying(EditRefused.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(store.messagesAfter(c, 0, 500)).hasSize(before);
        assertThat(jobs().openJobs()).hasSize(jobsBefore);
    }
}
