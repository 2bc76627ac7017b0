package dev.tether.store;

/**
 * A create call named something that already exists, such as a second user called {@code ada}. Not
 * retriable: pick another name, or use the existing one.
 */
public final class AlreadyExistsException extends StoreException {
    public AlreadyExistsException(String message) {
        super(message);
    }
}
