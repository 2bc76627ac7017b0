package dev.tether.memory;

import dev.tether.api.CancelSignal;
import dev.tether.api.model.ChatMessage;
import dev.tether.api.model.ChatModel;
import dev.tether.api.model.ModelReply;
import dev.tether.api.model.ModelRequest;
import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.workspace.Workspaces;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Summarises older turns into MEMORY.md in the background, in batches of at least {@link #MIN_BATCH} messages.
 * {@link #request} returns at once; at most one job
 * runs per conversation, and a request made while one runs raises that job's target instead of queueing
 * another. A failed job (model down) is logged and retried on the next request; messages are only marked
 * summarised after their summary is written, so nothing is skipped.
 */
public final class MemoryConsolidator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryConsolidator.class);
    private static final int BATCH = 100;
    /** Fewer waiting messages than this are left for later, so a full context does not cost a model call per turn. */
    static final int MIN_BATCH = 16;
    private static final int MAX_TRANSCRIPT_CHARS = 24_000;
    static final String INSTRUCTIONS = """
            You maintain the long-term memory of a personal assistant. Below is an excerpt of an older \
            conversation that no longer fits in the assistant's context. Write the facts worth remembering \
            later: who the user is, their preferences, decisions, commitments, open tasks and important results. \
            Write short Markdown bullet points, no preamble. If nothing is worth keeping, answer "- (nothing new)".""";

    private final ConversationStore store;
    private final ChatModel model;
    private final Workspaces workspaces;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Long> targets = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, Long> queue;

    /** Summaries go to the {@code MEMORY.md} of the conversation owner's workspace ({@link Workspaces#of}). */
    public MemoryConsolidator(ConversationStore store, ChatModel model, Workspaces workspaces) {
        this.store = store;
        this.model = model;
        this.workspaces = workspaces;
    }

    /** Asks for every message of the conversation older than {@code beforeMessageId} to be summarised. */
    public void request(String conversationId, long beforeMessageId) {
        boolean[] start = {false};
        targets.compute(conversationId, (id, current) -> {
            start[0] = current == null;
            return current == null ? beforeMessageId : Math.max(current, beforeMessageId);
        });
        if (start[0]) {
            BiConsumer<String, Long> q = queue;
            if (q == null) {
                executor.execute(() -> run(conversationId));
            } else {
                try {
                    q.accept(conversationId, beforeMessageId);
                } catch (RuntimeException e) {
                    targets.remove(conversationId);
                    LOG.warn("Could not queue memory consolidation for conversation {}; a later turn asks again: {}",
                            conversationId, e.getMessage());
                }
            }
        }
    }

    /**
     * From now on, work is handed to {@code enqueue} (conversation id, summarise-before id) as a durable
     * background job instead of running on this object's own thread; the job then calls {@link #runQueued}.
     */
    public void useQueue(BiConsumer<String, Long> enqueue) {
        this.queue = enqueue;
    }

    /**
     * Runs queued work for the conversation now, on the caller's thread: every message older than
     * {@code beforeMessageId} (or a later request's target) is summarised. Throws if the model fails, so the
     * queue can try again later; what was summarised before the failure stays marked.
     */
    public void runQueued(String conversationId, long beforeMessageId) {
        targets.merge(conversationId, beforeMessageId, Math::max);
        try {
            long target;
            do {
                target = targets.get(conversationId);
                consolidate(conversationId, target);
            } while (!targets.remove(conversationId, target));
        } catch (RuntimeException e) {
            targets.remove(conversationId);
            throw e;
        }
    }

    private void run(String conversationId) {
        try {
            long target;
            do {
                target = targets.get(conversationId);
                consolidate(conversationId, target);
            } while (!targets.remove(conversationId, target));
        } catch (RuntimeException e) {
            targets.remove(conversationId);
            LOG.warn("Memory consolidation for conversation {} failed; it will be retried on a later turn: {}",
                    conversationId, e.getMessage());
        }
    }

    private void consolidate(String conversationId, long beforeId) {
        while (true) {
            Conversation conversation = store.conversation(conversationId).orElseThrow();
            long done = conversation.summarisedUpTo();
            List<StoredMessage> batch = store.messagesAfter(conversationId, done, BATCH).stream()
                    .filter(m -> m.id() < beforeId).toList();
            if (batch.size() < MIN_BATCH) {
                return;
            }
            StringBuilder transcript = new StringBuilder();
            long last = appendTranscript(batch, transcript);
            if (!transcript.isEmpty()) {
                ModelReply reply = model.stream(new ModelRequest(List.of(new ChatMessage.System(INSTRUCTIONS),
                        new ChatMessage.User(transcript.toString()))), e -> { }, CancelSignal.none());
                workspaces.of(conversation.owner()).appendMemory("## " + LocalDate.now() + " (conversation " + conversationId + ")\n\n"
                        + reply.text().strip());
            }
            store.markSummarised(conversationId, last);
        }
    }

    /** Appends messages until the size cap; returns the id of the last message covered (at least one). */
    private static long appendTranscript(List<StoredMessage> messages, StringBuilder s) {
        long last = messages.getFirst().id();
        for (StoredMessage m : messages) {
            if (m.role() != Role.TOOL && !m.content().isBlank()) {
                String line = (m.role() == Role.USER ? "User: " : "Assistant: ") + m.content().strip() + "\n";
                if (!s.isEmpty() && s.length() + line.length() > MAX_TRANSCRIPT_CHARS) {
                    break; // the rest goes into the next batch
                }
                s.append(line.length() > MAX_TRANSCRIPT_CHARS ? line.substring(0, MAX_TRANSCRIPT_CHARS) + "...\n" : line);
            }
            last = m.id();
        }
        return last;
    }

    /** Waits up to 5 s for running jobs, then stops. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
