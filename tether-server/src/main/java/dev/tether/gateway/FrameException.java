package dev.tether.gateway;

import dev.tether.api.TetherException;

/** A client frame was refused; {@code code} is the protocol's error code, the message says what to fix. */
class FrameException extends TetherException {
    private final String code;
    private final String requestId;

    FrameException(String code, String requestId, String message) {
        super(message);
        this.code = code;
        this.requestId = requestId;
    }

    String code() {
        return code;
    }

    String requestId() {
        return requestId;
    }
}
