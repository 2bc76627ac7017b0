package dev.tether.http;

import dev.tether.gateway.Authenticator;
import dev.tether.live.Conversations;
import dev.tether.live.TurnRunner;
import dev.tether.store.ConversationStore;
import dev.tether.workspace.Workspaces;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.router.EndpointNotFound;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Installs the REST API ({@code /api}) and the OpenAI-compatible API ({@code /v1}). Every route requires
 * {@code Authorization: Bearer <token>} checked by the {@link Authenticator} (with {@link Authenticator#none()}
 * the header may be left out). Errors are JSON: {@code {"error": {"code", "message", "retryable",
 * "retryAfterMs"?}}} under {@code /api}, OpenAI's {@code {"error": {"message", "type", "code"}}} under
 * {@code /v1}, including for paths no route takes (404 {@code unknown_route}, listing the routes) and for a
 * known path with another method (405 {@code method_not_allowed}, with {@code Allow}). With
 * {@code server.cors-origins} set, web pages from those origins may call both APIs ({@link Cors}).
 *
 * <pre>
 * GET   /api/conversations?q=&amp;cursor=&amp;limit=        the caller's conversations, newest activity first
 * POST  /api/conversations                           {"title"?} creates one: 201
 * GET   /api/conversations/{id}                      one conversation
 * PATCH /api/conversations/{id}                      {"title"} renames it
 * DELETE /api/conversations/{id}                     deletes it, stopping its replies: 204
 * GET   /api/conversations/{id}/messages?cursor=&amp;limit=  messages, paging towards older ones
 * GET   /api/conversations/{id}/export?format=markdown|json the whole conversation as a file
 * POST  /api/conversations/{id}/messages             {"clientMessageId", "text"} stores and queues: 202
 * POST  /api/conversations/{id}/messages/{mid}/retry queues the reply to user message mid again: 202
 * POST  /api/conversations/{id}/stop                 stops the running reply: 200 {"stopped"}
 * GET   /api/me                                      what the assistant knows of the caller: {"user","about","memory"}
 * PATCH /api/me                                      {"about"} replaces the caller's USER.md
 * DELETE /api/me/memory                              forgets the caller's MEMORY.md: 204
 * POST  /api/me/files?name=                          stores the body in the caller's workspace, uploads/: 201 {"path"}
 * GET   /metrics                                     Prometheus text format
 * GET   /v1/models                                   the one model: the agent
 * GET   /v1/models/{model}                           that model, or 404 for any other id
 * POST  /v1/chat/completions                         the agent answers, streamed (SSE) or not
 * </pre>
 *
 * Handlers run on Javalin's (virtual) request threads; agent turns run on their own virtual threads.
 */
public final class HttpApi {

    /**
     * What the HTTP APIs work with.
     *
     * @param turns the queue's consumers, which every message goes to
     * @param conversations creates, renames and deletes conversations, telling the owner's connections
     * @param metrics scraped at {@code /metrics}
     * @param modelId the model id the OpenAI-compatible API lists and reports
     * @param corsOrigins browser origins allowed to call the APIs (CORS); empty turns CORS off
     * @param workspaces each user's workspace, for {@code /api/me}
     * @param maxUploadBytes the largest file {@code POST /api/me/files} takes; 0 turns uploads off
     */
    public record Parts(ConversationStore store, TurnRunner turns, Conversations conversations,
                        Authenticator authenticator, String modelId,
                        PrometheusMeterRegistry metrics, List<String> corsOrigins, Workspaces workspaces,
                        long maxUploadBytes) {
        public Parts {
            Objects.requireNonNull(workspaces, "workspaces");
            corsOrigins = List.copyOf(corsOrigins);
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(turns, "turns");
            Objects.requireNonNull(conversations, "conversations");
            Objects.requireNonNull(authenticator, "authenticator");
            Objects.requireNonNull(modelId, "modelId");
        }
    }

    private HttpApi() {
    }

    /**
     * Adds the routes above, the JSON answers for unknown routes, and CORS if configured. Sets
     * {@code http.prefer405over404} for the whole server: a known path with a wrong method is 405 everywhere.
     */
    public static void install(JavalinConfig cfg, Parts parts) {
        cfg.http.prefer405over404 = true;
        Cors cors = new Cors(parts.corsOrigins());
        if (cors.enabled()) {
            cfg.routes.before("/api/*", cors::handle);
            cfg.routes.before("/v1/*", cors::handle);
        }
        Table table = new Table(cfg.routes);
        Guard guard = new Guard(parts.authenticator());
        ConversationRoutes rest = new ConversationRoutes(parts.store(), parts.conversations());
        table.add(HandlerType.GET, "/api/conversations", guard.tether(rest::list));
        table.add(HandlerType.POST, "/api/conversations", guard.tether(rest::create));
        table.add(HandlerType.GET, "/api/conversations/{id}", guard.tether(rest::get));
        table.add(HandlerType.PATCH, "/api/conversations/{id}", guard.tether(rest::rename));
        table.add(HandlerType.DELETE, "/api/conversations/{id}", guard.tether(rest::delete));
        table.add(HandlerType.GET, "/api/conversations/{id}/messages", guard.tether(rest::messages));
        table.add(HandlerType.GET, "/api/conversations/{id}/export", guard.tether(rest::export));
        MessageRoutes messages = new MessageRoutes(parts.store(), parts.turns());
        table.add(HandlerType.POST, "/api/conversations/{id}/messages", guard.tether(messages::send));
        table.add(HandlerType.POST, "/api/conversations/{id}/messages/{messageId}/retry", guard.tether(messages::retry));
        table.add(HandlerType.POST, "/api/conversations/{id}/stop", guard.tether(messages::stop));
        ProfileRoutes profile = new ProfileRoutes(parts.workspaces());
        table.add(HandlerType.GET, "/api/me", guard.tether(profile::get));
        table.add(HandlerType.PATCH, "/api/me", guard.tether(profile::update));
        table.add(HandlerType.DELETE, "/api/me/memory", guard.tether(profile::forgetMemory));
        UploadRoutes uploads = new UploadRoutes(parts.workspaces(), parts.maxUploadBytes());
        table.add(HandlerType.POST, "/api/me/files", guard.tether(uploads::upload));
        cfg.routes.get("/metrics", guard.tether((ctx, user) -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(parts.metrics().scrape())));

        ChatCompletions openAi = new ChatCompletions(parts.store(), parts.turns(), parts.conversations(), parts.modelId());
        table.add(HandlerType.GET, "/v1/models", guard.openAi(openAi::models));
        table.add(HandlerType.GET, "/v1/models/{model}", guard.openAi(openAi::model));
        table.add(HandlerType.POST, "/v1/chat/completions", guard.openAi(openAi::complete));

        UnknownRoutes unknown = new UnknownRoutes(table.listed("/api"), table.listed("/v1"));
        cfg.routes.exception(EndpointNotFound.class, unknown::notFound);
        cfg.routes.exception(MethodNotAllowedResponse.class, unknown::methodNotAllowed);
    }

    /** Registers routes and remembers them, to list in the answer for an unknown route. */
    private static final class Table {
        private final RoutesConfig routes;
        private final Map<String, List<String>> methodsByPath = new LinkedHashMap<>();

        Table(RoutesConfig routes) {
            this.routes = routes;
        }

        void add(HandlerType method, String path, Handler handler) {
            routes.addHttpHandler(method, path, handler);
            methodsByPath.computeIfAbsent(path, p -> new ArrayList<>()).add(method.name());
        }

        /** The routes under {@code prefix} as "GET /path", "GET and POST /path" or "GET, PATCH and DELETE /path". */
        List<String> listed(String prefix) {
            return methodsByPath.entrySet().stream().filter(e -> e.getKey().startsWith(prefix + "/"))
                    .map(e -> methods(e.getValue()) + " " + e.getKey()).toList();
        }

        private static String methods(List<String> names) {
            int last = names.size() - 1;
            return last == 0 ? names.get(0) : String.join(", ", names.subList(0, last)) + " and " + names.get(last);
        }
    }
}
