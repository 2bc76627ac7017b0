package dev.tether.api.tool;

import dev.tether.api.TetherException;

/** A tool's arguments were missing or of the wrong type; the message is written for the model. */
public final class ToolArgumentException extends TetherException {
    public ToolArgumentException(String message) {
        super(message);
    }
}
