package dev.tether.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.live.EditRefusals;
import dev.tether.live.TurnRunner;
import dev.tether.store.ConversationStore;
import dev.tether.store.NewUserMessage;
import dev.tether.store.StoreException;
import dev.tether.store.StoredJob;
import dev.tether.store.Submitted;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Sending over REST, for clients that do not hold a WebSocket (scripts, channels): the message is stored and
 * its reply queued, exactly once per {@code clientMessageId}, and the answer comes once both are durable. The
 * reply itself streams to the conversation's WebSocket subscribers and is stored; read it with
 * {@code GET .../messages}. A full queue is 429 with {@code Retry-After}; a server shutting down is 503.
 */
final class MessageRoutes {
    private static final int MAX_TEXT = 32_000;
    private final ConversationStore store;
    private final TurnRunner turns;

    MessageRoutes(ConversationStore store, TurnRunner turns) {
        this.store = store;
        this.turns = turns;
    }

    /**
     * {@code POST /api/conversations/{id}/messages} with {@code {"clientMessageId", "text", "replaces"?}}: 202 once
     * queued. With {@code replaces} the message edits that question (the conversation's last, its reply ended); a
     * refused edit is 404 {@code not_found} or 409 ({@link EditRefusals}).
     */
    void send(Context ctx, String user) {
        String id = owned(ctx.pathParam("id"), user);
        ObjectNode body = Json.body(ctx, false, "{\"clientMessageId\":\"7f3c-1\",\"text\":\"Hello\"}");
        String clientMessageId = required(body, "clientMessageId", 64);
        String text = required(body, "text", MAX_TEXT);
        Optional<Long> replaces = optionalId(body, "replaces");
        Submitted s;
        try {
            s = turns.send(new NewUserMessage(id, clientMessageId, text, replaces));
        } catch (StoreException.EditRefused e) {
            throw new ApiException(EditRefusals.status(e), EditRefusals.code(e), e.getMessage(), false, 0);
        }
        Json.respond(ctx, 202, g -> {
            g.writeNumberField("messageId", s.message().id());
            g.writeStringField("clientMessageId", clientMessageId);
            g.writeBooleanField("duplicate", s.duplicate());
            g.writeBooleanField("replyQueued", s.job().isPresent());
            if (s.message().replaces().isPresent()) {
                g.writeNumberField("replaces", s.message().replaces().get());
            }
        });
    }

    /** {@code POST /api/conversations/{id}/messages/{messageId}/retry}: queues the reply to a user message again. */
    void retry(Context ctx, String user) {
        String id = owned(ctx.pathParam("id"), user);
        long messageId;
        try {
            messageId = Long.parseLong(ctx.pathParam("messageId"));
        } catch (NumberFormatException e) {
            throw ApiException.invalid("The message id must be a number but was '" + ctx.pathParam("messageId") + "'.");
        }
        StoredJob job;
        try {
            job = turns.retry(id, messageId);
        } catch (StoreException.NotFound | IllegalArgumentException e) {
            throw new ApiException(404, "not_found", "Cannot retry message " + messageId + ": " + e.getMessage(),
                    false, 0);
        }
        Json.respond(ctx, 202, g -> {
            g.writeNumberField("messageId", messageId);
            g.writeNumberField("attempts", job.attempts());
        });
    }

    /**
     * {@code POST /api/conversations/{id}/stop}: stops the running reply (the model request is aborted, the text so
     * far stored as stopped), or the reply waiting to be retried; 200 {@code {"stopped": true}}, or {@code false}
     * when nothing was running. Replies queued behind it still run, as with the WebSocket {@code stop}.
     */
    void stop(Context ctx, String user) {
        boolean stopped = turns.stop(owned(ctx.pathParam("id"), user));
        Json.respond(ctx, 200, g -> g.writeBooleanField("stopped", stopped));
    }

    private String owned(String id, String user) {
        return store.conversation(id).filter(c -> c.owner().equals(user)).map(c -> c.id())
                .orElseThrow(() -> ApiException.notFound(id));
    }

    private static Optional<Long> optionalId(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isIntegralNumber() || v.longValue() <= 0) {
            throw ApiException.invalid("Field '" + field + "' must be a message id (a positive integer) but was "
                    + v + ".");
        }
        return Optional.of(v.longValue());
    }

    private static String required(ObjectNode body, String field, int max) {
        String value = Json.optionalString(body, field, field).filter(v -> !v.isBlank()).orElseThrow(() ->
                ApiException.invalid("Field '" + field + "' is required and must be a non-blank string."));
        if (value.length() > max) {
            throw ApiException.invalid("Field '" + field + "' must be at most " + max + " characters but had "
                    + value.length() + ".");
        }
        return value;
    }
}
