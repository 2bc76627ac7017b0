package dev.tether.store;

/** Who wrote a stored message. */
public enum Role {
    USER, ASSISTANT, TOOL
}
