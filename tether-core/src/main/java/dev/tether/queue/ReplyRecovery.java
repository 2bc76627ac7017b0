package dev.tether.queue;

import dev.tether.agent.TurnOrder;
import dev.tether.store.ConversationStore;
import dev.tether.store.JobStore;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.store.Role;
import dev.tether.store.StoredJob;
import dev.tether.store.StoredMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start does with the work a crash (or a shutdown past its deadline) left behind, before the queue
 * opens. The policy, also in the README:
 * <ul>
 *   <li>Every reply still marked streaming is marked {@link MessageStatus#INTERRUPTED}, keeping its text.</li>
 *   <li>A queued reply that had not started stays queued and runs as usual.</li>
 *   <li>A reply that had started and had run no tool is run again from the start (a new reply is written; the
 *       interrupted one stays visible), counting an attempt; after {@link #MAX_RESTARTS} (or the configured
 *       attempts, if more) it is not run again and the user can retry it.</li>
 *   <li>A reply that had run a tool is not run again, since tools may have had effects (a file written, a
 *       command run): it is closed with a note (a {@link MessageStatus#FAILED} reply saying why) and the user
 *       can retry it.</li>
 *   <li>A reply whose final message was already stored (the crash came between storing it and closing the
 *       job) is closed.</li>
 * </ul>
 * Replies are paired with their questions by {@link TurnOrder}: a message queued during a reply is stored
 * before that reply. A job that answers a question again ({@link ReplyJobs#again}) is judged only by what it
 * stored itself, not by the earlier answer's final message.
 * Assumes one server per store: in a cluster, recovering another live server's work is the cluster
 * queue's job.
 */
public final class ReplyRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyRecovery.class);
    static final String TOOL_NOTE = "The server restarted while this reply was running tools. It was not run "
            + "again automatically because the tools may already have had effects; retry it to run it again.";
    static final String ATTEMPTS_NOTE = "The server restarted while this reply was being written, and it has "
            + "been interrupted too often to try again by itself. Retry it when the server is stable.";

    /** What recovery did. */
    public record Report(int interruptedMessages, List<Long> rerun, List<Long> offeredRetry, List<Long> closed) {
        public boolean nothing() {
            return interruptedMessages == 0 && rerun.isEmpty() && offeredRetry.isEmpty() && closed.isEmpty();
        }
    }

    private ReplyRecovery() {
    }

    /**
     * Restarts a reply may live through before it is given up as a suspect (a reply that crashes the server
     * each time it runs must not crash it forever); separate from the model-failure attempts, since restarts
     * (deploys, crashes of other causes) are no fault of the reply.
     */
    static final int MAX_RESTARTS = 10;

    /**
     * Applies the policy; {@code maxAttempts} is the attempts a reply may use for model failures; restarts may
     * take it up to {@link #MAX_RESTARTS}, whichever is more.
     */
    public static Report run(ConversationStore conversations, JobStore jobs, int maxAttempts, Clock clock) {
        int limit = Math.max(maxAttempts, MAX_RESTARTS);
        int interrupted = jobs.interruptStreaming().size();
        List<Long> rerun = new ArrayList<>();
        List<Long> offered = new ArrayList<>();
        List<Long> closed = new ArrayList<>();
        List<StoredJob> replies = jobs.openJobs().stream().filter(StoredJob::isReply).toList();
        Map<String, Map<Long, List<StoredMessage>>> turns = new HashMap<>();
        for (StoredJob job : replies) { // oldest first, so a note closes the turn it is about
            String conversation = job.conversationId().orElseThrow();
            long after = ReplyJobs.after(job); // a question answered again: only this job's messages count
            List<StoredMessage> turn = turns.computeIfAbsent(conversation, c -> turnsOf(conversations, c))
                    .getOrDefault(job.userMessageId(), List.of()).stream().filter(m -> m.id() > after).toList();
            if (turn.isEmpty()) {
                continue; // not started (or nothing stored yet): it runs as queued
            }
            boolean answered = turn.stream().anyMatch(TurnOrder::isFinal);
            boolean toolRan = turn.stream().anyMatch(m -> m.role() == Role.TOOL || !m.toolCalls().isEmpty());
            if (answered) {
                jobs.finish(job.id());
                closed.add(job.userMessageId());
            } else if (toolRan || job.attempts() + 1 >= limit) {
                conversations.appendMessage(NewMessage.assistant(conversation, toolRan ? TOOL_NOTE : ATTEMPTS_NOTE,
                        List.of(), MessageStatus.FAILED).replyingTo(job.userMessageId()));
                jobs.finish(job.id());
                offered.add(job.userMessageId());
            } else {
                jobs.reschedule(job.id(), job.attempts() + 1, clock.instant(), "interrupted by a server restart");
                rerun.add(job.userMessageId());
            }
        }
        Report report = new Report(interrupted, rerun, offered, closed);
        if (!report.nothing()) {
            LOG.warn("Recovered after an unclean stop: {} interrupted replies; re-running the replies to messages {};"
                            + " offering a retry for {}; already answered: {}", interrupted, rerun, offered, closed);
        }
        return report;
    }

    /**
     * The conversation's recent turns: each user message with its reply messages, paired by turn order (see
     * {@link TurnOrder}), not by storage order.
     */
    private static Map<Long, List<StoredMessage>> turnsOf(ConversationStore store, String conversation) {
        List<StoredMessage> recent = store.history(conversation, Optional.empty(), ConversationStore.MAX_PAGE).items();
        return TurnOrder.repliesByQuestion(recent.reversed());
    }
}
