package dev.tether.http;

import dev.tether.api.TetherException;
import io.javalin.http.HttpResponseException;

/**
 * A request the HTTP APIs refuse or cannot answer, carrying everything the error body needs. Thrown by
 * handlers and rendered by {@link Guard} in the route's {@link ErrorDialect}; never escapes to Javalin.
 *
 * @see ErrorDialect for the two JSON shapes
 */
final class ApiException extends TetherException {
    private final int status;
    private final String code;
    private final boolean retryable;
    private final long retryAfterMs;

    ApiException(int status, String code, String message, boolean retryable, long retryAfterMs) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryable = retryable;
        this.retryAfterMs = retryAfterMs;
    }

    /** 400 {@code invalid_request}: a parameter or field is missing, of the wrong type or out of range. */
    static ApiException invalid(String message) {
        return new ApiException(400, "invalid_request", message, false, 0);
    }

    /** 400 {@code invalid_json}: the body is not the JSON the route takes. */
    static ApiException invalidJson(String message) {
        return new ApiException(400, "invalid_json", message, false, 0);
    }

    /** 404 {@code not_found}: the same answer for an unknown conversation and another user's. */
    static ApiException notFound(String conversationId) {
        return new ApiException(404, "not_found", "No conversation '" + conversationId + "' for this user. List "
                + "yours with GET /api/conversations.", false, 0);
    }

    /** 401 {@code unauthorized}: no token, or one the server does not know. */
    static ApiException unauthorized() {
        return new ApiException(401, "unauthorized", "Missing or unknown access token. Send the header "
                + "'Authorization: Bearer <token>' with a token created on the server by 'tether token create'.",
                false, 0);
    }

    /** Javalin's own refusals, such as 413 for a body over its request size limit (1 MB by default). */
    static ApiException from(HttpResponseException e) {
        if (e.getStatus() == 413) {
            return new ApiException(413, "too_large", "The request body is larger than the server accepts ("
                    + e.getMessage() + "). Send less text in one request.", false, 0);
        }
        return new ApiException(e.getStatus(), "invalid_request", e.getMessage(), false, 0);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    boolean retryable() {
        return retryable;
    }

    /** The wait a client should respect before retrying, 0 when unknown. */
    long retryAfterMs() {
        return retryAfterMs;
    }
}
