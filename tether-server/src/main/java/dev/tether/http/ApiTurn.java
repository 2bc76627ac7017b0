package dev.tether.http;

import dev.tether.agent.Agent;
import dev.tether.agent.AgentEvent;
import dev.tether.api.CancelSignal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent turn run for one API request. {@link Agent#chat} runs on its own virtual thread (never on the
 * request's thread, which must stay free to write to the client and notice when it leaves); its events arrive
 * here through an unbounded queue, so a slow client never blocks the model stream. The turn always ends with a
 * {@link AgentEvent.TurnCompleted} or {@link AgentEvent.TurnFailed}: an unexpected exception from the agent
 * (a store failure) is turned into a {@code TurnFailed} with code {@code internal}.
 *
 * <p>Unlike a WebSocket turn, an API turn belongs to its request: {@link #cancel()} (called when the client
 * disconnects) aborts the model request and the agent stores what it had as {@code stopped}.
 */
final class ApiTurn {
    private static final Logger LOG = LoggerFactory.getLogger(ApiTurn.class);
    private static final ThreadFactory THREADS = Thread.ofVirtual().name("api-turn-", 0).factory();

    private final BlockingQueue<AgentEvent> events = new LinkedBlockingQueue<>();
    private final CancelSignal cancel = new CancelSignal();

    private ApiTurn() {
    }

    /** Starts answering {@code text} in the conversation; returns at once. */
    static ApiTurn start(Agent agent, String conversationId, String clientMessageId, String text) {
        ApiTurn turn = new ApiTurn();
        THREADS.newThread(() -> turn.run(agent, conversationId, clientMessageId, text)).start();
        return turn;
    }

    private void run(Agent agent, String conversationId, String clientMessageId, String text) {
        try {
            agent.chat(conversationId, clientMessageId, text, events::add, cancel);
        } catch (RuntimeException e) {
            LOG.error("API turn in conversation {} failed unexpectedly: {}", conversationId, e.toString(), e);
            events.add(new AgentEvent.TurnFailed(conversationId, 0, "internal", "The reply failed because of a "
                    + "server error (" + e.getClass().getSimpleName() + "). Send the request again; if it keeps "
                    + "failing, check the server log.", true, java.util.Optional.empty()));
        }
    }

    /** The next event, waiting up to {@code timeout}; empty if none came in time. */
    Optional<AgentEvent> next(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Waits for the turn's last event, skipping the others. */
    AgentEvent awaitEnd() throws InterruptedException {
        while (true) {
            AgentEvent event = events.take();
            if (isEnd(event)) {
                return event;
            }
        }
    }

    static boolean isEnd(AgentEvent event) {
        return event instanceof AgentEvent.TurnCompleted || event instanceof AgentEvent.TurnFailed;
    }

    /** Stops the turn: the model request is aborted, the text so far is stored as stopped. Idempotent. */
    void cancel() {
        cancel.cancel();
    }
}
