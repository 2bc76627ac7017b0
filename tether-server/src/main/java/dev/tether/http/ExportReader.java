package dev.tether.http;

import dev.tether.agent.TurnOrder;
import dev.tether.api.model.ToolCall;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a whole conversation in turn order (each question followed by its answers, see {@link TurnOrder}) without
 * holding all of it: at most {@value #CACHED} whole messages at a time, whatever their number and size.
 *
 * <p>{@link #plan} reads every message once, a page at a time, and keeps only what ordering needs: a skeleton of
 * each (no text, no tool arguments; about 150 bytes), dropped once the order is known, which keeps an id per
 * message. {@link #read} then reads the messages again in that order. A
 * message's page is fetched starting at it and kept in a small cache ({@value #CACHED} messages, least recently used
 * dropped first), so the usual departures from storage order (a question sent while the reply before it ran is
 * stored before that reply) cost no extra query; a question answered again much later costs one more page. What
 * is written to the conversation after {@link #plan} is not exported; a message deleted meanwhile is skipped.
 */
final class ExportReader {
    /** One page of messages, oldest first, after message {@code after}: the store's {@code messagesAfter}. */
    @FunctionalInterface
    interface Pages {
        List<StoredMessage> after(long after, int limit);
    }

    /**
     * The export's order and what it marks.
     *
     * @param order the ids of the messages in turn order
     * @param replaced the ids of messages of an answer replaced by a later one ({@link TurnOrder#replaced})
     * @param edited the ids of questions the user edited and asked again ({@link TurnOrder#editedQuestions})
     * @param answersToEdited the ids of the reply messages to those questions
     */
    record Plan(List<Long> order, Set<Long> replaced, Set<Long> edited, Set<Long> answersToEdited) {
        Plan {
            order = List.copyOf(order);
            replaced = Set.copyOf(replaced);
            edited = Set.copyOf(edited);
            answersToEdited = Set.copyOf(answersToEdited);
        }
    }

    /** Messages read per query. */
    static final int PAGE = 500;
    /** Messages the second pass keeps at most. */
    static final int CACHED = 2 * PAGE;
    /** Stands in for the tool calls of a skeleton: ordering asks only whether there are any. */
    private static final List<ToolCall> SOME_CALLS = List.of(new ToolCall("", "", ""));

    private final Pages pages;
    private final int pageSize;
    private final int cacheSize;
    private int largestCache;

    ExportReader(Pages pages) {
        this(pages, PAGE, CACHED);
    }

    ExportReader(Pages pages, int pageSize, int cacheSize) {
        this.pages = pages;
        this.pageSize = pageSize;
        this.cacheSize = cacheSize;
    }

    /** The first pass: every message's place in the export. */
    Plan plan() {
        List<StoredMessage> skeletons = new ArrayList<>();
        long after = 0;
        List<StoredMessage> page;
        do {
            page = pages.after(after, pageSize);
            page.forEach(m -> skeletons.add(skeleton(m)));
            after = page.isEmpty() ? after : page.getLast().id();
        } while (page.size() == pageSize);
        Set<Long> edited = TurnOrder.editedQuestions(skeletons);
        Set<Long> answersToEdited = new HashSet<>();
        TurnOrder.repliesByQuestion(skeletons).forEach((question, replies) -> {
            if (edited.contains(question)) {
                replies.forEach(r -> answersToEdited.add(r.id()));
            }
        });
        return new Plan(turnOrder(skeletons).stream().map(StoredMessage::id).toList(), TurnOrder.replaced(skeletons),
                edited, answersToEdited);
    }

    /** The second pass: hands each message of {@code plan} to {@code sink}, in the plan's order. */
    void read(Plan plan, Consumer<StoredMessage> sink) {
        Map<Long, StoredMessage> cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, StoredMessage> eldest) {
                return size() > cacheSize;
            }
        };
        for (long id : plan.order()) {
            StoredMessage m = cache.remove(id); // each is exported once: what was handed on is not kept
            if (m == null) {
                pages.after(id - 1, pageSize).forEach(p -> cache.put(p.id(), p));
                largestCache = Math.max(largestCache, cache.size());
                m = cache.remove(id);
            }
            if (m != null) { // null: deleted since the plan was made
                sink.accept(m);
            }
        }
    }

    /** The most messages the cache held at once, for tests. */
    int largestCache() {
        return largestCache;
    }

    /**
     * Each question followed by its answers ({@link TurnOrder}); a message that answers no question (a note from
     * before any) stays where it was stored, so nothing is left out.
     */
    static List<StoredMessage> turnOrder(List<StoredMessage> chronological) {
        Map<Long, List<StoredMessage>> byQuestion = TurnOrder.repliesByQuestion(chronological);
        Set<Long> placed = new HashSet<>();
        byQuestion.values().forEach(replies -> replies.forEach(r -> placed.add(r.id())));
        List<StoredMessage> ordered = new ArrayList<>(chronological.size());
        for (StoredMessage m : chronological) {
            if (m.role() == Role.USER) {
                ordered.add(m);
                ordered.addAll(byQuestion.get(m.id()));
            } else if (!placed.contains(m.id())) {
                ordered.add(m);
            }
        }
        return ordered;
    }

    /** {@code m} without what ordering does not read: its text and its tool calls' names and arguments. */
    private static StoredMessage skeleton(StoredMessage m) {
        return new StoredMessage(m.id(), m.conversationId(), m.role(), "",
                m.toolCalls().isEmpty() ? List.of() : SOME_CALLS, m.toolCallId(), m.toolName(), m.status(),
                m.clientMessageId(), m.createdAt(), m.replyTo(), m.replaces());
    }
}
