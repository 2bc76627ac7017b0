package dev.tether.testkit.model;

/** A request the real provider would reject; the fake answers with {@code status} in the provider's format. */
final class ProtocolViolation extends RuntimeException {
    private final int status;

    ProtocolViolation(String message) {
        this(400, message);
    }

    ProtocolViolation(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
