package dev.tether.http;

import dev.tether.live.Frames;
import io.javalin.http.Context;

/**
 * The two JSON shapes errors take. Tether's own routes ({@code /api}) answer like the WebSocket protocol:
 * {@code {"error": {"code", "message", "retryable", "retryAfterMs"?}}}. The OpenAI-compatible routes
 * ({@code /v1}) answer in OpenAI's shape, {@code {"error": {"message", "type", "code"}}}, because that is what
 * OpenAI SDKs parse and show. Both set {@code Retry-After} (whole seconds, rounded up) when a wait is known,
 * and {@code WWW-Authenticate: Bearer} on 401.
 */
enum ErrorDialect {
    TETHER {
        @Override
        Frames.Body body(ApiException e) {
            return g -> {
                g.writeObjectFieldStart("error");
                g.writeStringField("code", e.code());
                g.writeStringField("message", e.getMessage());
                g.writeBooleanField("retryable", e.retryable());
                if (e.retryAfterMs() > 0) {
                    g.writeNumberField("retryAfterMs", e.retryAfterMs());
                }
                g.writeEndObject();
            };
        }
    },
    OPENAI {
        @Override
        Frames.Body body(ApiException e) {
            return g -> {
                g.writeObjectFieldStart("error");
                g.writeStringField("message", e.getMessage());
                g.writeStringField("type", openAiType(e.status()));
                g.writeStringField("code", e.code());
                g.writeEndObject();
            };
        }
    };

    /** The fields of the error object for {@code e} (the caller writes the enclosing braces). */
    abstract Frames.Body body(ApiException e);

    /** Answers the request with {@code e}: status, headers and body. */
    void respond(Context ctx, ApiException e) {
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        if (e.retryAfterMs() > 0) {
            ctx.header("Retry-After", Long.toString((e.retryAfterMs() + 999) / 1000));
        }
        Json.respond(ctx, e.status(), body(e));
    }

    /** OpenAI's error {@code type} for a status; SDKs choose their exception class by the status itself. */
    private static String openAiType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}
