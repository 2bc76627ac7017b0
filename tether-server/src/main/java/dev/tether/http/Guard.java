package dev.tether.http;

import dev.tether.live.TurnRunner;
import dev.tether.store.StoreException;
import dev.tether.store.TokenOwner;
import dev.tether.queue.QueueFullException;
import dev.tether.gateway.Authenticator;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps every API handler: authenticates the bearer token first (401 before any work), then runs the handler
 * and renders whatever it throws in the route's {@link ErrorDialect}. An {@link ApiException} becomes its own
 * status; anything else is logged and answered 500 {@code internal}, so no API error ever reaches a client as
 * HTML or plain text.
 */
final class Guard {
    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
    private static final String BEARER = "bearer ";

    private final Authenticator authenticator;

    /** Handles one request of an authenticated user. Runs on the request's (virtual) thread. */
    @FunctionalInterface
    interface UserHandler {
        void handle(Context ctx, String user) throws Exception;
    }

    Guard(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** For Tether's own routes: errors as {@code {"error": {"code", "message", "retryable"}}}. */
    Handler tether(UserHandler handler) {
        return wrap(ErrorDialect.TETHER, handler);
    }

    /** For the OpenAI-compatible routes: errors in OpenAI's shape. */
    Handler openAi(UserHandler handler) {
        return wrap(ErrorDialect.OPENAI, handler);
    }

    private Handler wrap(ErrorDialect dialect, UserHandler handler) {
        return ctx -> {
            try {
                String user = authenticator.authenticate(token(ctx)).map(TokenOwner::userName)
                        .orElseThrow(ApiException::unauthorized);
                handler.handle(ctx, user);
            } catch (ApiException e) {
                dialect.respond(ctx, e);
            } catch (QueueFullException e) {
                dialect.respond(ctx, new ApiException(429, "busy", e.getMessage(), true, e.retryAfter().toMillis()));
            } catch (TurnRunner.ShuttingDown e) {
                dialect.respond(ctx, new ApiException(503, "shutting_down", e.getMessage(), true, 2000));
            } catch (StoreException.NotFound e) {
                // checked before, then deleted while the request ran
                dialect.respond(ctx, new ApiException(404, "not_found", e.getMessage(), false, 0));
            } catch (HttpResponseException e) {
                dialect.respond(ctx, ApiException.from(e));
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.error("{} {} failed: {}", ctx.method(), ctx.path(), e.toString(), e);
                if (ctx.res().isCommitted()) {
                    return; // a stream already under way: the client sees it end early, no body can follow
                }
                dialect.respond(ctx, new ApiException(500, "internal", "The request failed because of a server error ("
                        + e.getClass().getSimpleName() + "). Try again; if it keeps failing, check the server log.",
                        true, 0));
            }
        };
    }

    /** The token of an {@code Authorization: Bearer} header; empty if there is none (or another scheme). */
    static Optional<String> token(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return Optional.empty();
        }
        String token = header.substring(BEARER.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
