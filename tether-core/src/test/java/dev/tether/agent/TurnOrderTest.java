package dev.tether.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.api.model.ToolCall;
import dev.tether.store.MessageStatus;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TurnOrderTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static StoredMessage user(long id) {
        return new StoredMessage(id, "c", Role.USER, "q" + id, List.of(), Optional.empty(), Optional.empty(),
                MessageStatus.COMPLETE, Optional.of("m" + id), AT);
    }

    private static StoredMessage reply(long id, MessageStatus status, Long replyTo) {
        return new StoredMessage(id, "c", Role.ASSISTANT, "r" + id, List.of(), Optional.empty(), Optional.empty(),
                status, Optional.empty(), AT, Optional.ofNullable(replyTo));
    }

    private static List<Long> ids(List<StoredMessage> messages) {
        return messages.stream().map(StoredMessage::id).toList();
    }

    @Test
    void aQuestionSentWhileAReplyRunsIsAnsweredByTheReplyStoredAfterIt() {
        // U1 U2 R1 R2 in storage order: U2 was queued while R1 streamed
        Map<Long, List<StoredMessage>> turns = TurnOrder.repliesByQuestion(List.of(user(1), user(2),
                reply(3, MessageStatus.COMPLETE, 1L), reply(4, MessageStatus.COMPLETE, 2L)));

        assertThat(turns.keySet()).containsExactly(1L, 2L);
        assertThat(ids(turns.get(1L))).containsExactly(3L);
        assertThat(ids(turns.get(2L))).containsExactly(4L);
        assertThat(ids(TurnOrder.inTurnOrder(List.of(user(1), user(2), reply(3, MessageStatus.COMPLETE, 1L),
                reply(4, MessageStatus.COMPLETE, 2L))))).containsExactly(1L, 3L, 2L, 4L);
    }

    @Test
    void aRetryOfAFailedReplyBelongsToItsQuestionNotToTheNextOpenOne() {
        // U1 failed; U2 sent and queued; the user retried U1, whose new reply ran before U2's
        Map<Long, List<StoredMessage>> turns = TurnOrder.repliesByQuestion(List.of(user(1),
                reply(2, MessageStatus.FAILED, 1L), user(3), reply(4, MessageStatus.COMPLETE, 1L),
                reply(5, MessageStatus.COMPLETE, 3L)));

        assertThat(ids(turns.get(1L))).containsExactly(2L, 4L);
        assertThat(ids(turns.get(3L))).containsExactly(5L);
    }

    @Test
    void interruptedAttemptsAndToolStepsStayWithTheirQuestionUntilItsFinalReply() {
        StoredMessage call = new StoredMessage(3, "c", Role.ASSISTANT, "", List.of(new ToolCall("t", "clock", "{}")),
                Optional.empty(), Optional.empty(), MessageStatus.COMPLETE, Optional.empty(), AT, Optional.of(1L));
        Map<Long, List<StoredMessage>> turns = TurnOrder.repliesByQuestion(List.of(user(1), user(2),
                reply(4, MessageStatus.INTERRUPTED, 1L), call, reply(5, MessageStatus.COMPLETE, 1L),
                reply(6, MessageStatus.INTERRUPTED, 2L)));

        assertThat(ids(turns.get(1L))).containsExactly(4L, 3L, 5L);
        assertThat(ids(turns.get(2L))).containsExactly(6L);
    }

    @Test
    void aQuestionAnsweredAgainKeepsOnlyItsNewestAnswerAndTheOneBeingAnsweredKeepsNone() {
        // U1 answered (R2), stopped (R3), then answered again (R4); U5 answered (R6)
        List<StoredMessage> stored = List.of(user(1), reply(2, MessageStatus.COMPLETE, 1L),
                reply(3, MessageStatus.STOPPED, 1L), reply(4, MessageStatus.COMPLETE, 1L), user(5),
                reply(6, MessageStatus.COMPLETE, 5L));

        assertThat(ids(TurnOrder.currentAnswers(stored, 8L))).containsExactly(1L, 4L, 5L, 6L);
        // U5 being answered again: its ended answer goes, what this answer stored so far stays
        List<StoredMessage> again = new ArrayList<>(stored);
        again.add(reply(7, MessageStatus.INTERRUPTED, 5L));
        assertThat(ids(TurnOrder.currentAnswers(stored, 5L))).containsExactly(1L, 4L, 5L);
        assertThat(ids(TurnOrder.currentAnswers(again, 5L))).containsExactly(1L, 4L, 5L, 7L);
    }

    @Test
    void aFailedReplyDoesNotEndAnAnswerSoItsAttemptStaysForTheRetry() {
        StoredMessage call = new StoredMessage(2, "c", Role.ASSISTANT, "", List.of(new ToolCall("t", "exec", "{}")),
                Optional.empty(), Optional.empty(), MessageStatus.COMPLETE, Optional.empty(), AT, Optional.of(1L));
        List<StoredMessage> stored = List.of(user(1), call, reply(3, MessageStatus.FAILED, 1L));

        assertThat(ids(TurnOrder.currentAnswers(stored, 1L))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void messagesWithoutReplyToFallBackToTheOldestOpenQuestion() {
        // stored before replies named their question: U1 U2 R1 R2
        Map<Long, List<StoredMessage>> turns = TurnOrder.repliesByQuestion(List.of(user(1), user(2),
                reply(3, MessageStatus.INTERRUPTED, null), reply(4, MessageStatus.COMPLETE, null),
                reply(5, MessageStatus.COMPLETE, null)));

        assertThat(ids(turns.get(1L))).containsExactly(3L, 4L);
        assertThat(ids(turns.get(2L))).containsExactly(5L);
    }

    @Test
    void aReplyWhoseQuestionIsNotInTheListIsLeftOut() {
        Map<Long, List<StoredMessage>> turns = TurnOrder.repliesByQuestion(List.of(
                reply(3, MessageStatus.COMPLETE, 1L), user(4), reply(5, MessageStatus.COMPLETE, 4L)));

        assertThat(turns.keySet()).containsExactly(4L);
        assertThat(ids(turns.get(4L))).containsExactly(5L);
    }

    private static StoredMessage edit(long id, long replaces) {
        return new StoredMessage(id, "c", Role.USER, "q" + id, List.of(), Optional.empty(), Optional.empty(),
                MessageStatus.COMPLETE, Optional.of("m" + id), AT, Optional.empty(), Optional.of(replaces));
    }

    @Test
    void anEditedQuestionIsLeftOutWithAllItsAnswersWhileTheEditIsAnsweredAndAfter() {
        // U1 answered twice (R2 replaced by R3); the user edited U1 as U4, which R5 answers; then U6
        List<StoredMessage> upToEdit = List.of(user(1), reply(2, MessageStatus.COMPLETE, 1L),
                reply(3, MessageStatus.STOPPED, 1L), edit(4, 1));
        List<StoredMessage> later = new ArrayList<>(upToEdit);
        later.addAll(List.of(reply(5, MessageStatus.COMPLETE, 4L), user(6)));

        assertThat(ids(TurnOrder.currentAnswers(upToEdit, 4))).containsExactly(4L);
        assertThat(ids(TurnOrder.currentAnswers(later, 6))).containsExactly(4L, 5L, 6L);
        assertThat(TurnOrder.editedQuestions(later)).containsExactly(1L);
        assertThat(TurnOrder.replaced(later)).containsExactly(2L); // answers of edited questions are not "replaced"
        assertThat(ids(TurnOrder.inTurnOrder(later))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }
}
