package dev.tether.live;

import dev.tether.store.StoreException.EditRefused;

/**
 * The wire code of a refused edit (docs/protocol.md, "Errors"), the same for the WebSocket and REST: an unknown
 * message (or another conversation's) is {@code not_found}, as elsewhere; the others say why the question cannot
 * be edited now.
 */
public final class EditRefusals {
    private EditRefusals() {
    }

    /** The error code for {@code e}. */
    public static String code(EditRefused e) {
        return switch (e.reason()) {
            case UNKNOWN_MESSAGE -> "not_found";
            case NOT_A_QUESTION -> "not_a_question";
            case NOT_LAST_QUESTION -> "not_last_question";
            case REPLY_OPEN -> "reply_in_progress";
        };
    }

    /** The HTTP status for {@code e}: 404 for an unknown message, 409 (conflict with the conversation) otherwise. */
    public static int status(EditRefused e) {
        return e.reason() == EditRefused.Reason.UNKNOWN_MESSAGE ? 404 : 409;
    }
}
