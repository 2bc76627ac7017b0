package dev.tether.agent;

import dev.tether.api.TetherException;

/** The agent cannot start a turn. */
public class AgentException extends TetherException {
    public AgentException(String message) {
        super(message);
    }

    /** A turn is already running in this conversation; only one runs at a time. */
    public static final class Busy extends AgentException {
        public Busy(String conversationId) {
            super("A reply is already being generated in conversation " + conversationId
                    + ". Wait for it to finish or stop it, then send again.");
        }
    }
}
