package dev.tether.live;

import dev.tether.agent.Agent;
import dev.tether.agent.AgentEvent;
import dev.tether.agent.AgentListener;
import dev.tether.agent.TurnOutcome;
import dev.tether.api.CancelSignal;
import dev.tether.api.tool.ToolResult;
import dev.tether.queue.JobQueue;
import dev.tether.queue.QueueFullException;
import dev.tether.queue.ReplyJobs;
import dev.tether.store.ConversationStore;
import dev.tether.store.Lane;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewJob;
import dev.tether.store.NewMessage;
import dev.tether.store.NewUserMessage;
import dev.tether.store.StoreException;
import dev.tether.store.StoredJob;
import dev.tether.store.StoredMessage;
import dev.tether.store.Submitted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumers of the {@link JobQueue}: {@code concurrency} workers on virtual threads take jobs and run them.
 * A reply belongs to its conversation, not to the connection that sent the message: every event goes to the
 * conversation's hub (and to an API request waiting for it), and only {@link #stop} stops it. Messages sent
 * while a reply runs wait in the queue behind it; clients see {@code turn_queued}.
 *
 * <p>A retriable model failure gives the reply back to the queue for {@code retryDelay} (or the model's
 * Retry-After, if longer) until its last attempt; clients see {@code turn_retrying}. {@link #drain} stops taking
 * work, lets running replies finish until a deadline, and checkpoints the rest: their text so far is stored
 * as interrupted and their jobs stay open, to run again at the next start.
 */
public final class TurnRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TurnRunner.class);
    /** How long a retry or an edit waits for the reply before it to be marked done (one store write). */
    private static final Duration ENDING_WAIT = Duration.ofSeconds(5);
    /** How long {@link #delete} waits for a stopped reply to end (its model request aborted, its text stored). */
    private static final Duration DELETE_WAIT = Duration.ofSeconds(10);

    /** Runs a job of another kind than a reply (background work); returns when it is done. */
    public interface JobHandler {
        void run(StoredJob job) throws Exception;
    }

    /** Retry policy and worker count. */
    public record Settings(int concurrency, Duration retryDelay, int maxAttempts) {
        public Settings {
            Objects.requireNonNull(retryDelay, "retryDelay");
        }
    }

    /** Sends are refused because the server is shutting down. */
    public static final class ShuttingDown extends RuntimeException {
        public ShuttingDown() {
            super("The server is shutting down and takes no new messages. Send it again after it restarts; the "
                    + "client reconnects by itself.");
        }
    }

    private final Agent agent;
    private final ConversationStore store;
    private final LiveConversations live;
    private final JobQueue queue;
    private final Settings settings;
    private final Map<String, JobHandler> handlers;
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    /** Conversations being deleted: sends and retries are refused, and their jobs are dropped, not run. */
    private final Set<String> deleting = ConcurrentHashMap.newKeySet();
    /**
     * Conversations whose running reply has published its final event ({@code turn_completed}, {@code turn_failed})
     * but whose job is still being marked done. A message sent on that event waits only for that write: it is not
     * announced as queued behind a reply that has ended. A retry asked for on {@code turn_failed} waits for it
     * (see {@link #retry}).
     */
    private final Map<String, Ending> ending = new ConcurrentHashMap<>();
    private final Map<String, AgentListener> watchers = new ConcurrentHashMap<>();
    /** Replies announced with {@code turn_queued} (the hub counts them until they start). */
    private final Set<Long> announcedQueued = ConcurrentHashMap.newKeySet();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean draining;

    /** A running reply: how to stop it, and {@code ended}, completed once its worker is done with it. */
    private record Run(CancelSignal cancel, CompletableFuture<Void> ended) {
    }

    /** A reply's job being marked done; {@code done} completes when it is. */
    private record Ending(long jobId, CompletableFuture<Void> done) {
    }

    public TurnRunner(Agent agent, ConversationStore store, LiveConversations live, JobQueue queue, Settings settings,
                      Map<String, JobHandler> handlers) {
        this.agent = agent;
        this.store = store;
        this.live = live;
        this.queue = queue;
        this.settings = settings;
        this.handlers = Map.copyOf(handlers);
        announceRecovered();
        for (int i = 0; i < settings.concurrency(); i++) {
            workers.add(Thread.ofVirtual().name("worker-" + i).start(this::work));
        }
    }

    /**
     * Replies recovered from the store wait behind the first of their conversation: say so, so snapshots and
     * clients count them as queued like any other (before the workers start, so none has run yet).
     */
    private void announceRecovered() {
        for (String key : queue.waitingKeys()) {
            List<StoredJob> replies = queue.waiting(key).stream().filter(j -> j.userMessageId() != 0).toList();
            for (int i = 1; i < replies.size(); i++) {
                StoredJob job = replies.get(i);
                int ahead = i;
                announcedQueued.add(job.id());
                live.run(job.conversationId().orElse(key), hub -> hub.turnQueued(job.userMessageId(), ahead));
            }
        }
    }

    /**
     * Stores the user message and queues its reply durably (exactly once per client id). Returns once both are
     * stored, which is when the caller may acknowledge it. A duplicate queues nothing.
     *
     * @throws QueueFullException when the queue is full (nothing is stored)
     * @throws ShuttingDown while the server drains
     */
    public Submitted send(String conversationId, String clientMessageId, String text) {
        return send(new NewUserMessage(conversationId, clientMessageId, text));
    }

    /**
     * Like {@link #send(String, String, String)}, for a message that may edit the conversation's last question
     * ({@link NewUserMessage#replaces()}): an edit sent on that question's {@code turn_completed} or
     * {@code turn_failed} first waits (briefly) for its reply's job to be marked done, so it is not refused as
     * still running.
     *
     * @throws StoreException.EditRefused when the question cannot be edited (nothing is stored)
     */
    public Submitted send(NewUserMessage message) {
        String conversationId = message.conversationId();
        if (draining) {
            throw new ShuttingDown();
        }
        refuseDeleting(conversationId);
        if (message.replaces().isPresent()) {
            awaitEnding(conversationId, "An edit");
        }
        return queue.submit(message, Lane.INTERACTIVE, (submitted, ahead) -> {
            live.run(conversationId, hub -> hub.userMessage(submitted.message()));
            int behind = ahead - (ending.containsKey(conversationId) ? 1 : 0);
            if (behind > 0) {
                announcedQueued.add(submitted.job().orElseThrow().id());
                live.run(conversationId, hub -> hub.turnQueued(submitted.message().id(), behind));
            }
        });
    }

    /**
     * Waits (up to {@link #ENDING_WAIT}) for the conversation's reply that has published its final event to be
     * marked done: a request made on that event ({@code what}: a retry, an edit) must not find it still open.
     */
    private void awaitEnding(String conversationId, String what) {
        Ending end = ending.get(conversationId);
        if (end == null) {
            return;
        }
        try {
            if (!waitFor(end.done(), ENDING_WAIT)) {
                LOG.warn("{} in conversation {}: the reply before it is still being finished after {}; going on "
                        + "anyway", what, conversationId, ENDING_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShuttingDown();
        }
    }

    /**
     * Queues the reply to stored user message {@code userMessageId} again: after a failure or an interruption, or
     * for another answer to one that ended (the model is then not shown the earlier answer, and later turns see
     * only the newest: {@link dev.tether.agent.TurnOrder#currentAnswers}). If its reply is still open, that one is
     * returned and nothing new is queued.
     */
    public StoredJob retry(String conversationId, long userMessageId) {
        if (draining) {
            throw new ShuttingDown();
        }
        refuseDeleting(conversationId);
        // asked for on turn_failed, while the failed reply's job is still being marked done: queued now, the retry
        // would be taken for that job (one open reply per message) and dropped with it
        awaitEnding(conversationId, "A retry");
        int ahead = queue.waiting(conversationId).size()
                + (running.containsKey(conversationId) && !ending.containsKey(conversationId) ? 1 : 0);
        // what is stored by now belongs to earlier answers; recovery after a crash judges this job by what follows
        long after = store.history(conversationId, Optional.empty(), 1).items().stream().mapToLong(StoredMessage::id)
                .findFirst().orElse(0);
        StoredJob job = queue.enqueue(ReplyJobs.again(conversationId, userMessageId, Lane.INTERACTIVE, after));
        if (ahead > 0 && announcedQueued.add(job.id())) {
            live.run(conversationId, hub -> hub.turnQueued(userMessageId, ahead));
        }
        return job;
    }

    /** Queues background work (summarising, scheduled jobs); it runs when interactive work leaves room. */
    public StoredJob background(NewJob job) {
        if (!handlers.containsKey(job.kind())) {
            throw new IllegalArgumentException("No handler for jobs of kind '" + job.kind() + "'; known kinds: "
                    + handlers.keySet() + ".");
        }
        return queue.enqueue(job);
    }

    /** Receives the events of the conversation's replies (besides its hub) until {@link #unwatch}. */
    public void watch(String conversationId, AgentListener listener) {
        watchers.put(conversationId, listener);
    }

    public void unwatch(String conversationId) {
        watchers.remove(conversationId);
    }

    /**
     * Stops the conversation's running reply, or its reply waiting to be retried after a failed attempt (which
     * then ends as stopped and is not retried); returns whether there was one. Replies queued behind it stay.
     */
    public boolean stop(String conversationId) {
        Run run = running.get(conversationId);
        if (run != null) {
            run.cancel().cancel();
            return true;
        }
        Optional<StoredJob> retry = queue.cancelDelayed(conversationId);
        retry.filter(job -> job.userMessageId() != 0).ifPresent(job -> {
            long id = store.appendMessage(NewMessage.assistant(conversationId, "", List.of(), MessageStatus.STOPPED)
                    .replyingTo(job.userMessageId())).id();
            live.run(conversationId, hub -> hub.turnEnded("turn_completed", g -> {
                g.writeNumberField("messageId", id);
                g.writeNumberField("userMessageId", job.userMessageId());
                g.writeStringField("status", "stopped");
                g.writeStringField("text", "");
            }));
        });
        return retry.isPresent();
    }

    /**
     * Deletes the conversation and ends everything it has running or waiting: its queued replies and background
     * work are dropped, its running reply is stopped (the model request aborted, the text so far stored, and
     * {@code turn_completed} published as for {@link #stop}) and waited for up to ten seconds, then the store
     * deletes it with its messages, events and jobs, and its hub drops and tells its subscribers
     * ({@link Conversations} tells the owner's other connections). Sends and retries
     * for it are refused from the start ({@link StoreException.NotFound}). Returns whether it existed. The caller
     * checks ownership first.
     */
    public boolean delete(String conversationId) {
        deleting.add(conversationId);
        try {
            queue.cancelConversation(conversationId).forEach(job -> announcedQueued.remove(job.id()));
            Run run = running.get(conversationId);
            if (run != null) {
                run.cancel().cancel();
                try {
                    if (!waitFor(run.ended(), DELETE_WAIT)) {
                        LOG.warn("Deleting conversation {}: its stopped reply is still running after {}; deleting "
                                + "anyway (its next write will find the conversation gone)", conversationId, DELETE_WAIT);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean existed = store.deleteConversation(conversationId);
            agent.forget(conversationId);
            live.deleted(conversationId, true);
            LOG.info("Conversation {} deleted{}", conversationId, existed ? "" : " (it was not stored)");
            return existed;
        } finally {
            deleting.remove(conversationId);
        }
    }

    /** Waits up to {@code wait} for {@code done}; false if it has not completed by then. */
    private static boolean waitFor(CompletableFuture<Void> done, Duration wait) throws InterruptedException {
        try {
            done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    private void refuseDeleting(String conversationId) {
        if (deleting.contains(conversationId)) {
            throw new StoreException.NotFound("Conversation '" + conversationId + "' is being deleted.");
        }
    }

    /** Whether the conversation is gone from the store (deleted while its work was queued or running). */
    private boolean gone(String conversationId) {
        try {
            return deleting.contains(conversationId) || store.conversation(conversationId).isEmpty();
        } catch (RuntimeException e) {
            return false; // cannot tell: treat the failure as the failure it is
        }
    }

    /** Replies running now. */
    public int running() {
        return running.size();
    }

    public JobQueue.Stats stats() {
        return queue.stats();
    }

    public boolean draining() {
        return draining;
    }

    private void work() {
        while (true) {
            StoredJob job;
            try {
                job = queue.take();
            } catch (JobQueue.Closed | InterruptedException e) {
                return;
            }
            busy.incrementAndGet();
            try {
                if (job.isReply()) {
                    reply(job);
                } else {
                    other(job);
                }
            } catch (RuntimeException e) {
                LOG.error("Job {} ({}) failed unexpectedly: {}", job.id(), job.kind(), e.toString(), e);
                finish(job);
            } finally {
                synchronized (busy) {
                    busy.decrementAndGet();
                    busy.notifyAll();
                }
            }
        }
    }

    private void other(StoredJob job) {
        JobHandler handler = handlers.get(job.kind());
        if (handler == null) {
            LOG.error("Dropping job {}: no handler for kind '{}' (known: {})", job.id(), job.kind(), handlers.keySet());
            finish(job);
            return;
        }
        try {
            handler.run(job);
            finish(job);
        } catch (Exception e) {
            if (job.conversationId().filter(this::gone).isPresent()) {
                LOG.info("Background job {} ({}) ended: its conversation was deleted", job.id(), job.kind());
                finish(job);
                return;
            }
            if (job.attempts() + 1 >= settings.maxAttempts()) {
                LOG.warn("Background job {} ({}) failed for the last time: {}", job.id(), job.kind(), e.toString());
                finish(job);
            } else {
                LOG.info("Background job {} ({}) failed, trying again in {}: {}", job.id(), job.kind(),
                        settings.retryDelay(), e.toString());
                queue.retryLater(job, settings.retryDelay(), e.toString());
            }
        }
    }

    private void reply(StoredJob job) {
        String conversationId = job.conversationId().orElseThrow();
        if (draining) {
            return; // taken during shutdown: stays open for the next start
        }
        if (deleting.contains(conversationId)) {
            finish(job); // submitted while its conversation was being deleted: nothing to answer
            return;
        }
        Ending stale = ending.remove(conversationId); // the reply before, if its thread has not got there yet
        if (stale != null) {
            stale.done().complete(null);
        }
        Run run = new Run(new CancelSignal(), new CompletableFuture<>());
        running.put(conversationId, run);
        try {
            runReply(job, conversationId, run.cancel());
        } finally {
            run.ended().complete(null);
            Ending end = ending.get(conversationId);
            if (end != null && end.jobId() == job.id() && ending.remove(conversationId, end)) {
                end.done().complete(null);
            }
        }
    }

    private void runReply(StoredJob job, String conversationId, CancelSignal cancel) {
        // an API request waiting for this reply gets the model's error at once: its client retries by its own policy
        boolean lastAttempt = job.attempts() + 1 >= settings.maxAttempts() || watchers.containsKey(conversationId);
        ReplyListener listener = new ReplyListener(conversationId, job);
        TurnOutcome outcome;
        try {
            boolean wasQueued = announcedQueued.remove(job.id());
            live.run(conversationId, hub -> hub.turnStarted(job.userMessageId(), wasQueued));
            outcome = agent.runTurn(conversationId, job.userMessageId(), listener, cancel, lastAttempt);
        } catch (RuntimeException e) {
            running.remove(conversationId);
            if (gone(conversationId)) {
                // deleted under it (a send that raced the deletion, or a reply that outlived its wait)
                LOG.info("Reply to message {} ended: conversation {} was deleted", job.userMessageId(), conversationId);
                // nobody else will tell its followers; and the events it published may have brought a hub back
                live.deleted(conversationId, false);
                finish(job);
                return;
            }
            LOG.error("Reply to message {} in conversation {} failed unexpectedly: {}", job.userMessageId(),
                    conversationId, e.toString(), e);
            String message = "The reply failed because of a server error (" + e.getClass().getSimpleName()
                    + "). Retry it; if it keeps failing, check the server log.";
            long id = 0;
            try { // every finished turn ends with one final message, so later turns keep their place
                id = store.appendMessage(NewMessage.assistant(conversationId, message, List.of(),
                        MessageStatus.FAILED).replyingTo(job.userMessageId())).id();
            } catch (RuntimeException storeFailed) {
                LOG.warn("Could not store the failure of message {}: {}", job.userMessageId(), storeFailed.toString());
            }
            listener.onEvent(new AgentEvent.TurnFailed(conversationId, id, "internal", message, true,
                    java.util.Optional.empty()));
            finish(job);
            return;
        }
        running.remove(conversationId);
        if (draining && cancel.isCancelled() && outcome.status() == MessageStatus.STOPPED) {
            // cut off by the shutdown deadline, not by the user: keep the text, run it again at the next start
            store.updateMessage(outcome.assistantMessageId(), outcome.text(), MessageStatus.INTERRUPTED);
            return;
        }
        if (outcome.status() == MessageStatus.INTERRUPTED) {
            queue.retryLater(job, listener.retryDelay, listener.retryReason);
            return;
        }
        finish(job);
    }

    private void finish(StoredJob job) {
        queue.done(job);
    }

    /** Carries one reply's events to its conversation's hub and watcher. */
    private final class ReplyListener implements AgentListener {
        private final String conversationId;
        private final StoredJob job;
        Duration retryDelay = settings.retryDelay();
        String retryReason = "";

        ReplyListener(String conversationId, StoredJob job) {
            this.conversationId = conversationId;
            this.job = job;
        }

        @Override
        public void onEvent(AgentEvent event) {
            AgentListener watcher = watchers.get(conversationId);
            if (watcher != null) {
                watcher.onEvent(event);
            }
            if (event instanceof AgentEvent.TurnCompleted || event instanceof AgentEvent.TurnFailed) {
                // before the event: a client may send again on it
                ending.put(conversationId, new Ending(job.id(), new CompletableFuture<>()));
            }
            switch (event) {
                case AgentEvent.TurnStarted s -> { } // published before the agent runs
                case AgentEvent.TextDelta d -> live.run(conversationId, hub -> hub.delta(d.text()));
                case AgentEvent.ThinkingDelta d -> live.run(conversationId, hub -> hub.thinking(d.text()));
                case AgentEvent.ToolCallStarted t -> live.run(conversationId,
                        hub -> hub.toolCall(t.call().id(), t.call().name(), t.call().argumentsJson()));
                case AgentEvent.ToolCallFinished f -> live.run(conversationId, hub -> hub.toolResult(f.call().id(),
                        f.call().name(), f.result() instanceof ToolResult.Success, f.result().forModel()));
                case AgentEvent.TurnCompleted c -> live.run(conversationId, hub -> hub.turnEnded("turn_completed", g -> {
                    g.writeNumberField("messageId", c.assistantMessageId());
                    g.writeNumberField("userMessageId", job.userMessageId());
                    g.writeStringField("status", c.status().name().toLowerCase(Locale.ROOT));
                    g.writeStringField("text", c.text());
                }));
                case AgentEvent.TurnFailed f -> live.run(conversationId, hub -> hub.turnEnded("turn_failed", g -> {
                    g.writeNumberField("messageId", f.assistantMessageId());
                    g.writeNumberField("userMessageId", job.userMessageId());
                    g.writeStringField("code", f.code());
                    g.writeStringField("message", f.message());
                    g.writeBooleanField("retryable", true); // the user can always retry a failed reply
                    g.writeNumberField("attempt", job.attempts() + 1);
                }));
                case AgentEvent.AttemptFailed f -> {
                    retryDelay = f.retryAfter().filter(d -> d.compareTo(settings.retryDelay()) > 0)
                            .orElse(settings.retryDelay());
                    retryReason = f.code() + ": " + f.message();
                    live.run(conversationId, hub -> hub.turnEnded("turn_retrying", g -> {
                        g.writeNumberField("messageId", f.assistantMessageId());
                        g.writeNumberField("userMessageId", job.userMessageId());
                        g.writeStringField("code", f.code());
                        g.writeStringField("message", f.message());
                        g.writeNumberField("attempt", job.attempts() + 1);
                        g.writeNumberField("maxAttempts", settings.maxAttempts());
                        g.writeNumberField("retryInMs", retryDelay.toMillis());
                    }));
                }
            }
        }
    }

    /**
     * Stops taking work and lets running replies finish until {@code deadline}; replies still running then are
     * cut off and checkpointed (text stored as interrupted, job left open for the next start). Returns how many
     * were cut off.
     */
    public int drain(Duration deadline) {
        draining = true;
        queue.close();
        long end = System.nanoTime() + deadline.toNanos();
        synchronized (busy) {
            long left;
            while (busy.get() > 0 && (left = end - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(busy, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        int cut = running.size();
        running.values().forEach(run -> run.cancel().cancel());
        for (Thread worker : workers) {
            try {
                worker.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return cut;
    }

    @Override
    public void close() {
        drain(Duration.ofSeconds(5));
    }
}
