package dev.tether.faults.history;

import java.util.Objects;

/**
 * One thing a client saw or did, in the order it happened on that client.
 *
 * @param atMicros wall-clock time in microseconds since the epoch (comparable across processes on this machine)
 * @param connection which of the client's connections, 1, 2, 3, ... in the order they were opened
 * @param kind what happened
 * @param text the frame's JSON for {@link Kind#RECV} and {@link Kind#SENT}, the reason for {@link Kind#CLOSED},
 *             a description for {@link Kind#NOTE}, empty otherwise
 * @param code the close code for {@link Kind#CLOSED}, 0 otherwise
 */
public record Entry(long atMicros, int connection, Kind kind, String text, int code) {
    public Entry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    /** What an entry records. */
    public enum Kind {
        /** A connection attempt started (a reconnect's start, for resume times). */
        CONNECT,
        /** A frame arrived from the server. */
        RECV,
        /** The client sent a frame. */
        SENT,
        /** The connection ended; {@code code} is the server's close code or 1006. */
        CLOSED,
        /** A fault or a decision of the client (silence detected, gave up waiting), for the reader of a report. */
        NOTE
    }
}
