package dev.tether.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page cursors: URL-safe base64 of a tagged position. A cursor names the read it belongs to, so
 * one passed to the wrong read (or to another conversation's history) is rejected instead of silently
 * returning an unrelated page.
 */
final class Cursors {
    private static final String HISTORY = "h1";
    private static final String CONVERSATIONS = "c1";
    private static final String SEARCH = "s1";
    private static final char SEP = '|';

    /** Where the next page of {@code conversations()} starts: strictly after this (updatedAt, id). */
    record ConversationPosition(long updatedAtMillis, String id) {
    }

    private Cursors() {
    }

    static String history(String conversationId, long lastMessageId) {
        return encode(HISTORY + SEP + lastMessageId + SEP + conversationId);
    }

    /** The id of the last message on the previous page; the next page holds older messages. */
    static long historyBefore(String conversationId, String cursor) {
        String[] parts = decode(cursor, 3);
        if (!parts[0].equals(HISTORY) || !parts[2].equals(conversationId)) {
            throw invalid(cursor, "it was not returned by history() for conversation " + conversationId);
        }
        long id = parseLong(cursor, parts[1]);
        if (id < 1) {
            throw invalid(cursor, "its message id is not positive");
        }
        return id;
    }

    static String conversations(long updatedAtMillis, String id) {
        return encode(CONVERSATIONS + SEP + updatedAtMillis + SEP + id);
    }

    static ConversationPosition conversationsAfter(String cursor) {
        return position(cursor, CONVERSATIONS, "conversations()");
    }

    static String search(long updatedAtMillis, String id) {
        return encode(SEARCH + SEP + updatedAtMillis + SEP + id);
    }

    /** Where the next page of {@code search()} starts: the same kind of position as a conversation list's. */
    static ConversationPosition searchAfter(String cursor) {
        return position(cursor, SEARCH, "search()");
    }

    /** A conversation-list position from a cursor of {@code kind}; one of another kind is refused, naming {@code by}. */
    private static ConversationPosition position(String cursor, String kind, String by) {
        String[] parts = decode(cursor, 3);
        if (!parts[0].equals(kind)) {
            throw invalid(cursor, "it was not returned by " + by);
        }
        return new ConversationPosition(parseLong(cursor, parts[1]), parts[2]);
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor, int fields) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(cursor, "it is not base64 (" + e.getMessage() + ")");
        }
        String[] parts = raw.split("\\|", fields);
        if (parts.length != fields) {
            throw invalid(cursor, "it is not a cursor from this store (" + parts.length + " of " + fields + " fields)");
        }
        return parts;
    }

    private static long parseLong(String cursor, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(cursor, "'" + value + "' is not a number");
        }
    }

    private static IllegalArgumentException invalid(String cursor, String why) {
        String shown = cursor.length() > 80 ? cursor.substring(0, 80) + "..." : cursor;
        return new IllegalArgumentException("Invalid cursor '" + shown + "': " + why
                + ". Start again without a cursor.");
    }
}
