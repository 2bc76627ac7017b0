package dev.tether.faults.check;

import java.util.Objects;

/**
 * Something the checker found wrong, with enough detail to find it in the histories and the store.
 *
 * @param client the client whose history shows it, or "store" for checks of the store alone
 * @param count how many positions, messages or replies it concerns (what it adds to lost or duplicated)
 */
public record Anomaly(Kind kind, String client, String conversation, long count, String detail) {
    public Anomaly {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(detail, "detail");
    }

    /** The kinds, and whether each counts as lost, duplicated or neither. */
    public enum Kind {
        /** Positions missing between two frames of one epoch. Lost. */
        GAP(true, false),
        /** A position delivered twice. Duplicated. */
        DUPLICATE(false, true),
        /** A frame the protocol does not allow at that point (event before snapshot, wrong epoch, bad resume). */
        PROTOCOL(false, false),
        /** The text a client rendered for a reply differs from the stored text (or its status differs). */
        TEXT_MISMATCH(false, false),
        /** An acknowledged user message is not in the store. Lost. */
        ACK_LOST(true, false),
        /** A user message stored more than once for one client message id. Duplicated. */
        STORED_TWICE(false, true),
        /** An acknowledged user message with no final (complete, stopped, failed) reply. Lost. */
        NO_REPLY(true, false),
        /** More than one final reply to one user message. Duplicated. */
        DOUBLE_REPLY(false, true),
        /** An assistant message still "streaming" after the server stopped: a crash was not recovered. */
        UNRECOVERED(false, false),
        /** A client that ended live on a conversation never saw a stored final reply. Lost. */
        MISSING_IN_VIEW(true, false),
        /** A fault scenario's own expectation failed (wrong close code, a client that never came back). */
        SCENARIO(false, false);

        public final boolean lost;
        public final boolean duplicated;

        Kind(boolean lost, boolean duplicated) {
            this.lost = lost;
            this.duplicated = duplicated;
        }
    }

    @Override
    public String toString() {
        return kind + " [" + client + (conversation.isEmpty() ? "" : ", conversation " + conversation) + "] " + detail;
    }
}
