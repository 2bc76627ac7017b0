package dev.tether.agent;

/**
 * Receives a turn's events in order, on the turn's thread or on the model provider's thread, one at a time.
 * Must not block for long (hand off to a queue if delivery may be slow); an exception thrown here is logged
 * and does not stop the turn.
 */
@FunctionalInterface
public interface AgentListener {
    AgentListener NONE = event -> { };

    void onEvent(AgentEvent event);
}
