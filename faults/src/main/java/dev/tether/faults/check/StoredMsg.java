package dev.tether.faults.check;

import java.util.Objects;

/**
 * A message as the store holds it after the run, in the protocol's spelling.
 *
 * @param role "user", "assistant" or "tool"
 * @param status "complete", "streaming", "stopped", "interrupted" or "failed"
 * @param clientMessageId for user messages, else empty
 * @param replyTo for a reply's messages, the user message the server recorded it answers; 0 if none
 */
public record StoredMsg(long id, String conversation, String role, String status, String text,
                        String clientMessageId, long replyTo) {
    public StoredMsg {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(clientMessageId, "clientMessageId");
    }

    /** A message that names no question (user messages). */
    public StoredMsg(long id, String conversation, String role, String status, String text, String clientMessageId) {
        this(id, conversation, role, status, text, clientMessageId, 0);
    }

    public boolean user() {
        return role.equals("user");
    }

    public boolean assistant() {
        return role.equals("assistant");
    }

    /** A reply that ended: complete, stopped or failed (not streaming, not interrupted). */
    public boolean finalReply() {
        return assistant() && (status.equals("complete") || status.equals("stopped") || status.equals("failed"));
    }

    /** "58 interrupted 'The quick brown' (120 chars)": for error messages. */
    public String describe() {
        String head = text.length() > 24 ? text.substring(0, 24) + "..." : text;
        return id + " " + role + " " + status + " '" + head.replace("\n", "\\n") + "' (" + text.length() + " chars)";
    }
}
