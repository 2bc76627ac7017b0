package dev.tether.agent;

import dev.tether.store.MessageStatus;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Which stored messages answer which question. Messages written by a turn name the user message they answer
 * ({@link StoredMessage#replyTo()}), and that decides. Messages stored before Tether recorded it fall back to
 * inference: a message sent while a reply runs is stored before that reply's messages, so storage order can be
 * {@code U1 U2 R1 R2} where the turns are {@code U1 R1} and {@code U2 R2}; turns run one at a time and in order,
 * and each finished turn ends with exactly one final assistant message (no tool calls; complete, stopped or
 * failed), so such a message belongs to the oldest user message whose turn has not ended. Reply messages whose
 * question is outside the list are left out.
 */
public final class TurnOrder {
    private TurnOrder() {
    }

    /**
     * Each user message of {@code chronological} (oldest first, as stored) with the reply messages that belong to
     * it, in the order of the user messages. A question answered again (a retry after a failed reply) lists every
     * answer in storage order.
     */
    public static Map<Long, List<StoredMessage>> repliesByQuestion(List<StoredMessage> chronological) {
        Map<Long, List<StoredMessage>> turns = new LinkedHashMap<>();
        Deque<Long> open = new ArrayDeque<>();
        for (StoredMessage m : chronological) {
            if (m.role() == Role.USER) {
                turns.put(m.id(), new ArrayList<>());
                open.addLast(m.id());
                continue;
            }
            Long question = m.replyTo().orElse(open.peekFirst());
            List<StoredMessage> replies = question == null ? null : turns.get(question);
            if (replies == null) {
                continue;
            }
            replies.add(m);
            if (isFinal(m)) {
                open.remove(question);
            }
        }
        return turns;
    }

    /** {@code chronological} rearranged so each user message is followed by its own reply messages. */
    public static List<StoredMessage> inTurnOrder(List<StoredMessage> chronological) {
        return ordered(chronological, Set.of(), (question, replies) -> replies);
    }

    /**
     * Each user message of {@code chronological} followed by what {@code pick} keeps of its replies; the questions in
     * {@code skip} are left out with all their replies.
     */
    private static List<StoredMessage> ordered(List<StoredMessage> chronological, Set<Long> skip,
                                               BiFunction<Long, List<StoredMessage>, List<StoredMessage>> pick) {
        Map<Long, StoredMessage> questions = new LinkedHashMap<>();
        chronological.stream().filter(m -> m.role() == Role.USER).forEach(m -> questions.put(m.id(), m));
        List<StoredMessage> ordered = new ArrayList<>();
        repliesByQuestion(chronological).forEach((id, replies) -> {
            if (!skip.contains(id)) {
                ordered.add(questions.get(id));
                ordered.addAll(pick.apply(id, replies));
            }
        });
        return ordered;
    }

    /**
     * The ids of the questions that a user message of {@code chronological} replaces: the user edited the question
     * and asked again ({@link StoredMessage#replaces()}).
     */
    public static Set<Long> editedQuestions(List<StoredMessage> chronological) {
        Set<Long> edited = new HashSet<>();
        chronological.forEach(m -> m.replaces().ifPresent(edited::add));
        return edited;
    }

    /**
     * {@code chronological} in turn order with only each question's current answer: a question answered again
     * (the user asked for another answer, {@code retry} on a reply that had ended) keeps only the messages of its
     * newest answer, and question {@code answering}, whose new answer is being written, keeps none of its ended
     * ones. An answer ends with a complete or stopped final message; a failed one does not end it, so the tool
     * calls and results of a failed attempt stay for its retry, which must not repeat them. A question the user
     * edited ({@link #editedQuestions}) is left out with all its answers: the edited question takes its place.
     */
    public static List<StoredMessage> currentAnswers(List<StoredMessage> chronological, long answering) {
        return currentAnswers(chronological, answering, editedQuestions(chronological));
    }

    private static List<StoredMessage> currentAnswers(List<StoredMessage> chronological, long answering,
                                                      Set<Long> skip) {
        return ordered(chronological, skip, (question, replies) -> {
            int from = 0;
            for (int i = 0; i < replies.size(); i++) {
                if (endsAnswer(replies.get(i)) && (i < replies.size() - 1 || question == answering)) {
                    from = i + 1;
                }
            }
            return replies.subList(from, replies.size());
        });
    }

    /**
     * The ids of the reply messages of {@code chronological} that belong to an answer replaced by a newer one to the
     * same question: what {@link #currentAnswers} leaves out when no question is being answered, apart from edited
     * questions and their answers (see {@link #editedQuestions}; those answers are not in this set).
     */
    public static Set<Long> replaced(List<StoredMessage> chronological) {
        Set<Long> current = new HashSet<>();
        currentAnswers(chronological, 0, Set.of()).forEach(m -> current.add(m.id()));
        Set<Long> replaced = new HashSet<>();
        repliesByQuestion(chronological).values().forEach(replies -> replies.stream().map(StoredMessage::id)
                .filter(id -> !current.contains(id)).forEach(replaced::add));
        return replaced;
    }

    /** Whether {@code m} ends an answer: a final message that is not a failure. */
    public static boolean endsAnswer(StoredMessage m) {
        return isFinal(m) && m.status() != MessageStatus.FAILED;
    }

    /** Whether {@code m} is the message that ends its turn. */
    public static boolean isFinal(StoredMessage m) {
        return m.role() == Role.ASSISTANT && m.toolCalls().isEmpty() && (m.status() == MessageStatus.COMPLETE
                || m.status() == MessageStatus.STOPPED || m.status() == MessageStatus.FAILED);
    }
}
