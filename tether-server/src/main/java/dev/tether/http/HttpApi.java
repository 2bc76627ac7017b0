package dev.tether.http;

import dev.tether.gateway.Authenticator;
import dev.tether.live.TurnRunner;
import dev.tether.store.ConversationStore;
import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;

/**
 * Installs the REST API ({@code /api}) and the OpenAI-compatible API ({@code /v1}). Every route requires
 * {@code Authorization: Bearer <token>} checked by the {@link Authenticator} (with {@link Authenticator#none()}
 * the header may be left out). Errors are JSON: {@code {"error": {"code", "message", "retryable",
 * "retryAfterMs"?}}} under {@code /api}, OpenAI's {@code {"error": {"message", "type", "code"}}} under
 * {@code /v1}.
 *
 * <pre>
 * GET   /api/conversations?cursor=&amp;limit=            the caller's conversations, newest activity first
 * POST  /api/conversations                           {"title"?} creates one: 201
 * GET   /api/conversations/{id}                      one conversation
 * PATCH /api/conversations/{id}                      {"title"} renames it
 * GET   /api/conversations/{id}/messages?cursor=&amp;limit=  messages, paging towards older ones
 * POST  /api/conversations/{id}/messages             {"clientMessageId", "text"} stores and queues: 202
 * POST  /api/conversations/{id}/messages/{mid}/retry queues the reply to user message mid again: 202
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
     * @param metrics scraped at {@code /metrics}
     * @param modelId the model id the OpenAI-compatible API lists and reports
     */
    public record Parts(ConversationStore store, TurnRunner turns, Authenticator authenticator, String modelId,
                        PrometheusMeterRegistry metrics) {
        public Parts {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(turns, "turns");
            Objects.requireNonNull(authenticator, "authenticator");
            Objects.requireNonNull(modelId, "modelId");
        }
    }

    private HttpApi() {
    }

    /** Adds the routes above to {@code routes}. */
    public static void install(RoutesConfig routes, Parts parts) {
        Guard guard = new Guard(parts.authenticator());
        ConversationRoutes rest = new ConversationRoutes(parts.store());
        routes.get("/api/conversations", guard.tether(rest::list));
        routes.post("/api/conversations", guard.tether(rest::create));
        routes.get("/api/conversations/{id}", guard.tether(rest::get));
        routes.patch("/api/conversations/{id}", guard.tether(rest::rename));
        routes.get("/api/conversations/{id}/messages", guard.tether(rest::messages));
        MessageRoutes messages = new MessageRoutes(parts.store(), parts.turns());
        routes.post("/api/conversations/{id}/messages", guard.tether(messages::send));
        routes.post("/api/conversations/{id}/messages/{messageId}/retry", guard.tether(messages::retry));
        routes.get("/metrics", guard.tether((ctx, user) -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(parts.metrics().scrape())));

        ChatCompletions openAi = new ChatCompletions(parts.store(), parts.turns(), parts.modelId());
        routes.get("/v1/models", guard.openAi(openAi::models));
        routes.get("/v1/models/{model}", guard.openAi(openAi::model));
        routes.post("/v1/chat/completions", guard.openAi(openAi::complete));
    }
}
