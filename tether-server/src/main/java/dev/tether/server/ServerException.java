package dev.tether.server;

import dev.tether.api.TetherException;

/** The server cannot start or serve; the message says what to change. */
public final class ServerException extends TetherException {
    public ServerException(String message) {
        super(message);
    }

    public ServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
