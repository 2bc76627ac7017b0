package dev.tether.http;

import dev.tether.agent.AgentEvent;
import dev.tether.live.TurnRunner;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One reply for one API request. Like every message, it goes through the job queue and runs on a worker
 * (never on the request's thread, which must stay free to write to the client and notice when it leaves); its
 * events arrive here through an unbounded queue, so a slow client never blocks the model stream. The turn ends
 * with a {@link AgentEvent.TurnCompleted} or {@link AgentEvent.TurnFailed}; retriable model failures are retried
 * by the queue meanwhile.
 *
 * <p>Unlike a WebSocket turn, an API turn belongs to its request: {@link #cancel()} (called when the client
 * disconnects) aborts the model request and the agent stores what it had as {@code stopped}.
 */
final class ApiTurn {
    private final BlockingQueue<AgentEvent> events = new LinkedBlockingQueue<>();
    private final StringBuilder thinking = new StringBuilder();
    private final TurnRunner turns;
    private final String conversationId;

    private ApiTurn(TurnRunner turns, String conversationId) {
        this.turns = turns;
        this.conversationId = conversationId;
    }

    /**
     * Queues the answer to {@code text} in the conversation; returns once it is stored and queued.
     *
     * @throws dev.tether.queue.QueueFullException when the queue is full
     */
    static ApiTurn start(TurnRunner turns, String conversationId, String clientMessageId, String text) {
        ApiTurn turn = new ApiTurn(turns, conversationId);
        turns.watch(conversationId, event -> {
            turn.events.add(event);
            if (isEnd(event)) {
                turns.unwatch(conversationId);
            }
        });
        try {
            turns.send(conversationId, clientMessageId, text);
        } catch (RuntimeException e) {
            turns.unwatch(conversationId);
            throw e;
        }
        return turn;
    }

    /** The next event, waiting up to {@code timeout}; empty if none came in time. */
    Optional<AgentEvent> next(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Waits for the turn's last event, skipping the others but for thinking, which {@link #thinking()} has. */
    AgentEvent awaitEnd() throws InterruptedException {
        while (true) {
            AgentEvent event = events.take();
            if (isEnd(event)) {
                return event;
            }
            if (event instanceof AgentEvent.ThinkingDelta t) {
                thinking.append(t.text());
            }
        }
    }

    /** The thinking of the whole turn (every model call of it), as {@link #awaitEnd()} saw it go by. */
    String thinking() {
        return thinking.toString();
    }

    static boolean isEnd(AgentEvent event) {
        return event instanceof AgentEvent.TurnCompleted || event instanceof AgentEvent.TurnFailed;
    }

    /** Stops the turn if it runs: the model request is aborted, the text so far is stored as stopped. */
    void cancel() {
        turns.stop(conversationId);
        turns.unwatch(conversationId);
    }
}
