package dev.tether.testkit.model;

/**
 * One piece of a streamed response as a fake renders it.
 *
 * @param text the bytes to send, already in SSE syntax ({@code data: ...\n\n})
 */
record Frame(String text, Kind kind) {

    static Frame framing(String text) {
        return new Frame(text, Kind.FRAMING);
    }

    static Frame content(String text) {
        return new Frame(text, Kind.CONTENT);
    }

    static Frame tail(String text) {
        return new Frame(text, Kind.TAIL);
    }

    /** Scripts count, delay and cut streams at CONTENT frames and before the first TAIL frame. */
    enum Kind {
        /** Protocol bookkeeping sent as soon as it is due: stream start, block start and stop. */
        FRAMING,
        /** A text chunk or tool-argument fragment. */
        CONTENT,
        /** The end of the reply: finish reason, usage, end marker. */
        TAIL
    }
}
