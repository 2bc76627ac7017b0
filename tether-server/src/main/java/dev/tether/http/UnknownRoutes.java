package dev.tether.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.router.EndpointNotFound;
import io.javalin.router.exception.HttpResponseExceptionMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Answers requests no route takes: under {@code /api} and {@code /v1} with a JSON error in that API's
 * {@link ErrorDialect} (404 {@code unknown_route} listing the API's routes, or 405 {@code method_not_allowed}
 * with {@code Allow} when the path exists with other methods); anywhere else as Javalin would.
 */
final class UnknownRoutes {
    static final String REST_DOCS = "See \"HTTP APIs\" in the README.";
    private final List<String> restRoutes;
    private final List<String> openAiRoutes;

    /** @param restRoutes and @param openAiRoutes as "METHOD /path", in the order to list them */
    UnknownRoutes(List<String> restRoutes, List<String> openAiRoutes) {
        this.restRoutes = List.copyOf(restRoutes);
        this.openAiRoutes = List.copyOf(openAiRoutes);
    }

    /** For Javalin's {@link EndpointNotFound}: no route has this path. */
    void notFound(EndpointNotFound e, Context ctx) {
        String request = ctx.method() + " " + ctx.path();
        Optional<ErrorDialect> dialect = dialect(ctx.path());
        if (dialect.isEmpty()) {
            HttpResponseExceptionMapper.INSTANCE.handle(e, ctx);
        } else if (dialect.get() == ErrorDialect.OPENAI) {
            dialect.get().respond(ctx, new ApiException(404, "unknown_route", "The OpenAI-compatible API has no route "
                    + request + ". Its routes are " + String.join(", ", openAiRoutes) + ". Set your client's base URL "
                    + "to this server's address followed by /v1 (for example http://127.0.0.1:8787/v1).", false, 0));
        } else {
            dialect.get().respond(ctx, new ApiException(404, "unknown_route", "Tether's REST API has no route "
                    + request + ". Its routes are " + String.join(", ", restRoutes) + ". " + REST_DOCS, false, 0));
        }
    }

    /** For Javalin's {@link MethodNotAllowedResponse}: the path exists, with other methods. */
    void methodNotAllowed(MethodNotAllowedResponse e, Context ctx) {
        Optional<ErrorDialect> dialect = dialect(ctx.path());
        if (dialect.isEmpty()) {
            HttpResponseExceptionMapper.INSTANCE.handle(e, ctx);
            return;
        }
        String allowed = allowedMethods(e);
        if (!allowed.isEmpty()) {
            ctx.header("Allow", allowed);
        }
        dialect.get().respond(ctx, new ApiException(405, "method_not_allowed", ctx.method() + " " + ctx.path()
                + " is not allowed: " + ctx.path() + " takes only " + allowed + ". Send one of those methods."
                + (dialect.get() == ErrorDialect.TETHER ? " " + REST_DOCS : ""), false, 0));
    }

    private static Optional<ErrorDialect> dialect(String path) {
        if (under(path, "/v1")) {
            return Optional.of(ErrorDialect.OPENAI);
        }
        if (under(path, "/api")) {
            return Optional.of(ErrorDialect.TETHER);
        }
        return Optional.empty();
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** The methods Javalin found for the path ({@link HttpResponseException#getDetails()} holds one list). */
    private static String allowedMethods(HttpResponseException e) {
        return e.getDetails().values().stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::strip)
                .filter(m -> !m.isEmpty())
                .distinct()
                .collect(Collectors.joining(", "));
    }
}
