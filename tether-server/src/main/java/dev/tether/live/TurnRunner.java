package dev.tether.live;

import dev.tether.agent.Agent;
import dev.tether.agent.AgentEvent;
import dev.tether.agent.AgentListener;
import dev.tether.api.CancelSignal;
import dev.tether.api.tool.ToolResult;
import dev.tether.store.AppendResult;
import dev.tether.store.ConversationStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs turns for live conversations. A turn belongs to its conversation, not to the connection that sent
 * the message: it runs on its own virtual thread, publishes every event to the conversation's hub, and is
 * stopped only by {@link #stop}. Messages sent while a turn runs wait in the conversation's mailbox and run
 * in order; different conversations run in parallel.
 */
public final class TurnRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TurnRunner.class);

    private final Agent agent;
    private final ConversationStore store;
    private final LiveConversations live;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("turn-", 0).factory());
    private final Map<String, Mailbox> mailboxes = new ConcurrentHashMap<>();

    /**
     * Per conversation: the running turn's cancel signal and the messages waiting behind it. A mailbox with
     * nothing running or waiting is retired and removed, so the map holds only busy conversations.
     */
    private static final class Mailbox {
        final ArrayDeque<Long> waiting = new ArrayDeque<>();
        CancelSignal running;
        boolean retired;
    }

    public TurnRunner(Agent agent, ConversationStore store, LiveConversations live) {
        this.agent = agent;
        this.store = store;
        this.live = live;
    }

    /**
     * Stores the user message durably (exactly once per client id) and schedules its reply. Returns once the
     * message is stored, which is when the caller may acknowledge it. A duplicate schedules nothing.
     */
    public AppendResult send(String conversationId, String clientMessageId, String text) {
        AppendResult result = store.appendUserMessage(conversationId, clientMessageId, text);
        if (result.duplicate()) {
            return result;
        }
        long messageId = result.message().id();
        Mailbox box;
        CancelSignal cancel = null;
        while (true) {
            box = mailboxes.computeIfAbsent(conversationId, id -> new Mailbox());
            synchronized (box) {
                if (!box.retired) {
                    cancel = schedule(conversationId, box, result);
                    break;
                }
            }
            // the last turn retired this mailbox between lookup and lock: take its successor
        }
        if (cancel != null) {
            CancelSignal first = cancel;
            Mailbox started = box;
            threads.execute(() -> runFrom(conversationId, started, messageId, first, false));
        }
        return result;
    }

    /** With the mailbox locked: publishes the message and starts its turn (returned) or queues it (null). */
    private CancelSignal schedule(String conversationId, Mailbox box, AppendResult result) {
        long messageId = result.message().id();
        live.run(conversationId, hub -> hub.userMessage(result.message()));
        if (box.running == null) {
            box.running = new CancelSignal();
            return box.running;
        }
        box.waiting.addLast(messageId);
        int position = box.waiting.size();
        live.run(conversationId, hub -> hub.turnQueued(messageId, position));
        return null;
    }

    /** Conversations with a reply running or waiting (their mailboxes); for tests. */
    int tracked() {
        return mailboxes.size();
    }

    /** Stops the conversation's running reply, if any; returns whether one was running. */
    public boolean stop(String conversationId) {
        Mailbox box = mailboxes.get(conversationId);
        if (box == null) {
            return false;
        }
        CancelSignal running;
        synchronized (box) {
            running = box.running;
        }
        if (running != null) {
            running.cancel();
        }
        return running != null;
    }

    /** Conversations with a reply running now. */
    public int running() {
        return (int) mailboxes.values().stream().filter(b -> {
            synchronized (b) {
                return b.running != null;
            }
        }).count();
    }

    private void runFrom(String conversationId, Mailbox box, long firstMessageId, CancelSignal firstCancel,
                         boolean firstWasQueued) {
        long messageId = firstMessageId;
        CancelSignal cancel = firstCancel;
        boolean wasQueued = firstWasQueued;
        while (true) {
            runOne(conversationId, messageId, cancel, wasQueued);
            synchronized (box) {
                Long next = box.waiting.pollFirst();
                if (next == null) {
                    box.running = null;
                    box.retired = true;
                    mailboxes.remove(conversationId, box);
                    return;
                }
                messageId = next;
                cancel = new CancelSignal();
                box.running = cancel;
                wasQueued = true;
            }
        }
    }

    private void runOne(String conversationId, long userMessageId, CancelSignal cancel, boolean wasQueued) {
        try {
            live.run(conversationId, hub -> hub.turnStarted(userMessageId, wasQueued));
            agent.runTurn(conversationId, userMessageId, new HubListener(conversationId), cancel);
        } catch (RuntimeException e) {
            LOG.error("Turn for message {} in conversation {} failed unexpectedly: {}", userMessageId,
                    conversationId, e.toString(), e);
            live.run(conversationId, hub -> hub.turnEnded("turn_failed", g -> {
                g.writeStringField("code", "internal");
                g.writeStringField("message", "The reply failed because of a server error (" + e.getClass().getSimpleName()
                        + "). Send the message again; if it keeps failing, check the server log.");
                g.writeBooleanField("retryable", true);
            }));
        }
    }

    /** Carries agent events to the conversation's hub. Runs on the turn's or the model client's thread. */
    private final class HubListener implements AgentListener {
        private final String conversationId;

        HubListener(String conversationId) {
            this.conversationId = conversationId;
        }

        @Override
        public void onEvent(AgentEvent event) {
            switch (event) {
                case AgentEvent.TurnStarted s -> { } // published before the agent runs
                case AgentEvent.TextDelta d -> live.run(conversationId, hub -> hub.delta(d.text()));
                case AgentEvent.ToolCallStarted t -> live.run(conversationId,
                        hub -> hub.toolCall(t.call().id(), t.call().name(), t.call().argumentsJson()));
                case AgentEvent.ToolCallFinished f -> live.run(conversationId, hub -> hub.toolResult(f.call().id(),
                        f.call().name(), f.result() instanceof ToolResult.Success, f.result().forModel()));
                case AgentEvent.TurnCompleted c -> live.run(conversationId, hub -> hub.turnEnded("turn_completed", g -> {
                    g.writeNumberField("messageId", c.assistantMessageId());
                    g.writeStringField("status", c.status().name().toLowerCase(Locale.ROOT));
                    g.writeStringField("text", c.text());
                }));
                case AgentEvent.TurnFailed f -> live.run(conversationId, hub -> hub.turnEnded("turn_failed", g -> {
                    g.writeNumberField("messageId", f.assistantMessageId());
                    g.writeStringField("code", f.code());
                    g.writeStringField("message", f.message());
                    g.writeBooleanField("retryable", f.retriable());
                }));
            }
        }
    }

    /** Stops taking work and waits up to {@code grace} for running turns. */
    public void close(Duration grace) {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                mailboxes.keySet().forEach(this::stop);
                threads.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
