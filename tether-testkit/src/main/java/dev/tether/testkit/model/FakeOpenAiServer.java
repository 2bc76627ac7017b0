package dev.tether.testkit.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.testkit.http.IncomingRequest;
import dev.tether.testkit.http.Responder;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * A fake OpenAI-compatible server: {@code POST /v1/chat/completions} (streamed SSE or plain JSON, as the
 * request's {@code stream} field asks) and {@code GET /v1/models}, which lists {@link #model()}. Errors use
 * OpenAI's {@code {"error": {"message", "type", "param", "code"}}} body. The API key is recorded but not
 * checked, like the local servers (vLLM, Ollama, llama.cpp) Tether mostly talks to.
 *
 * <pre>{@code
 * try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
 *     server.enqueue(Script.toolCall("call_1", "get_time", "{}"), Script.text("It is noon."));
 *     // point the client at server.baseUrl() ...
 * }
 * }</pre>
 */
public final class FakeOpenAiServer extends FakeServerBase {
    public static final String DEFAULT_MODEL = "fake-gpt";

    private FakeOpenAiServer(String model) {
        super("fake-openai", model, new OpenAiWire());
    }

    /** Starts a server serving {@value #DEFAULT_MODEL} on 127.0.0.1 and a free port. */
    public static FakeOpenAiServer start() {
        return start(DEFAULT_MODEL);
    }

    public static FakeOpenAiServer start(String model) {
        return new FakeOpenAiServer(model);
    }

    /** {@code http://127.0.0.1:<port>/v1}. */
    @Override
    public String baseUrl() {
        return origin() + "/v1";
    }

    @Override
    void route(IncomingRequest request, Responder responder) throws IOException {
        String route = request.method() + " " + request.path();
        switch (route) {
            case "POST /v1/chat/completions" -> chat(request, responder);
            case "GET /v1/models" -> responder.send(200, "application/json", models(), Map.of());
            default -> sendError(responder, 404, "Unknown request URL: " + route
                    + ". The fake serves POST /v1/chat/completions and GET /v1/models.", Optional.empty());
        }
    }

    private String models() {
        ObjectNode root = WireJson.object().put("object", "list");
        root.putArray("data").addObject().put("id", model()).put("object", "model")
                .put("created", 1_700_000_000L).put("owned_by", "tether-testkit");
        return WireJson.write(root);
    }
}
