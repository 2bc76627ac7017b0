package dev.tether.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CORS for the REST and OpenAI-compatible APIs, so web apps served from other origins can call them: off unless
 * {@code server.cors-origins} lists origins. Runs before every request under {@code /api} and {@code /v1}.
 *
 * <ul>
 *   <li>A request whose {@code Origin} is listed gets {@code Access-Control-Allow-Origin} with that origin (never
 *       {@code *}) on its response, errors included, so the page can read them; {@code Retry-After} and
 *       {@code X-Tether-Conversation} are exposed to it.</li>
 *   <li>A preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) from a listed origin is answered
 *       here, 204, allowing the methods the APIs use and the headers {@code Authorization} and
 *       {@code Content-Type}, plus the {@code X-Stainless-*} headers the official OpenAI SDKs add to every
 *       request. It needs no token: browsers send none with a preflight.</li>
 *   <li>An origin not listed gets no CORS header at all, so the browser keeps the response from the page; the
 *       request itself is handled as usual (a token is still required).</li>
 * </ul>
 *
 * {@code Access-Control-Allow-Credentials} is never sent: the APIs authenticate with a bearer token that the page
 * sends itself, not with cookies. Javalin's bundled CORS plugin is not used because it echoes any requested
 * methods and headers, even to origins it then refuses.
 */
final class Cors {
    static final String METHODS = "GET, POST, PATCH, DELETE";
    static final List<String> HEADERS = List.of("Authorization", "Content-Type");
    static final String EXPOSED = "Retry-After, " + ChatCompletions.HEADER;
    /** How long a browser may reuse a preflight's answer, in seconds. */
    static final String MAX_AGE = "600";
    private static final String SDK_HEADERS = "x-stainless-";

    private final Set<String> origins;

    /** @param origins as {@code ServerConfig.corsOrigins()} keeps them: lower case, no default port */
    Cors(List<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    boolean enabled() {
        return !origins.isEmpty();
    }

    /** The before-handler: adds the headers for a listed origin, and answers its preflight. */
    void handle(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return; // not a cross-origin browser request
        }
        ctx.res().addHeader("Vary", "Origin"); // caches must not hand one origin's answer to another
        if (!origins.contains(origin.strip().toLowerCase(Locale.ROOT))) {
            return;
        }
        ctx.header("Access-Control-Allow-Origin", origin.strip());
        String requested = ctx.header("Access-Control-Request-Method");
        if (ctx.method() == HandlerType.OPTIONS && requested != null) {
            ctx.header("Access-Control-Allow-Methods", METHODS);
            ctx.header("Access-Control-Allow-Headers", allowedHeaders(ctx.header("Access-Control-Request-Headers")));
            ctx.header("Access-Control-Max-Age", MAX_AGE);
            ctx.status(204);
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.header("Access-Control-Expose-Headers", EXPOSED);
    }

    /** Authorization and Content-Type, and of the headers asked for, the OpenAI SDKs' {@code X-Stainless-*}. */
    private static String allowedHeaders(String requested) {
        Set<String> allowed = new LinkedHashSet<>(HEADERS);
        if (requested != null) {
            for (String h : requested.split(",")) {
                String name = h.strip().toLowerCase(Locale.ROOT);
                if (name.startsWith(SDK_HEADERS) && name.matches("[a-z0-9-]+")) {
                    allowed.add(name);
                }
            }
        }
        return String.join(", ", allowed);
    }
}
