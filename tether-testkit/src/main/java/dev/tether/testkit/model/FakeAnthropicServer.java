package dev.tether.testkit.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.testkit.http.IncomingRequest;
import dev.tether.testkit.http.Responder;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * A fake Anthropic Messages API: {@code POST /v1/messages} (streamed SSE or plain JSON, as the request's
 * {@code stream} field asks) and {@code GET /v1/models}. Errors use Anthropic's
 * {@code {"type":"error","error":{"type","message"}}} body with the matching error type
 * ({@code rate_limit_error} for 429, {@code overloaded_error} for 529, {@code api_error} for other 5xx,
 * {@code authentication_error} for 401). Like the real API it answers 401 when {@code x-api-key} is missing
 * and 400 when {@code anthropic-version} or {@code max_tokens} is missing.
 */
public final class FakeAnthropicServer extends FakeServerBase {
    public static final String DEFAULT_MODEL = "claude-fake-1";

    private FakeAnthropicServer(String model) {
        super("fake-anthropic", model, new AnthropicWire());
    }

    /** Starts a server serving {@value #DEFAULT_MODEL} on 127.0.0.1 and a free port. */
    public static FakeAnthropicServer start() {
        return start(DEFAULT_MODEL);
    }

    public static FakeAnthropicServer start(String model) {
        return new FakeAnthropicServer(model);
    }

    /** {@code http://127.0.0.1:<port>/v1}: the client appends {@code /messages}. */
    @Override
    public String baseUrl() {
        return origin() + "/v1";
    }

    @Override
    void route(IncomingRequest request, Responder responder) throws IOException {
        String route = request.method() + " " + request.path();
        switch (route) {
            case "POST /v1/messages" -> chat(request, responder);
            case "GET /v1/models" -> responder.send(200, "application/json", models(), Map.of());
            default -> sendError(responder, 404, "Unknown route " + route
                    + ". The fake serves POST /v1/messages and GET /v1/models.", Optional.empty());
        }
    }

    private String models() {
        ObjectNode root = WireJson.object();
        root.putArray("data").addObject().put("type", "model").put("id", model()).put("display_name", model())
                .put("created_at", "2025-01-01T00:00:00Z");
        root.put("has_more", false).put("first_id", model()).put("last_id", model());
        return WireJson.write(root);
    }
}
