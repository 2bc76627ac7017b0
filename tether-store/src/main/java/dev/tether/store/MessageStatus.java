package dev.tether.store;

/** The lifecycle of a stored message. User and tool messages are always {@link #COMPLETE}. */
public enum MessageStatus {
    /** An assistant reply still being generated; its content is the text stored so far. */
    STREAMING,
    COMPLETE,
    /** Generation stopped by the user; the content is what was generated until then. */
    STOPPED,
    /** Generation was cut off by a crash or shutdown; the content is what was stored until then. */
    INTERRUPTED,
    /** Generation failed; the content holds the error shown to the user. */
    FAILED
}
