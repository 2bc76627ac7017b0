package dev.tether.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.agent.Agent;
import dev.tether.agent.AgentSettings;
import dev.tether.agent.ToolRegistry;
import dev.tether.api.model.ModelSettings;
import dev.tether.config.ConfigLoader;
import dev.tether.config.ServerConfig;
import dev.tether.gateway.Authenticator;
import dev.tether.model.openai.OpenAiModelProvider;
import dev.tether.server.TestServer;
import dev.tether.store.ConversationStore;
import dev.tether.store.TokenOwner;
import dev.tether.store.sqlite.SqliteConversationStore;
import dev.tether.testkit.model.FakeOpenAiServer;
import dev.tether.tools.BuiltinTools;
import dev.tether.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real server (Javalin, SQLite, the OpenAI adapter, the file tools) on an ephemeral loopback port with a fake
 * model, and a JDK HTTP client that sends {@code Authorization: Bearer <token>} when a token is set.
 */
final class HttpHarness extends TestServer {
    static final String TOKEN = "secret";
    /** Accepts only {@link #TOKEN}, as user "ada". */
    static final Authenticator ADA_ONLY = token -> token.filter(TOKEN::equals).map(t -> new TokenOwner("ada", "t1"));
    private static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Optional<String> token = Optional.of(TOKEN);

    HttpHarness(Path dir, Authenticator auth, String... serverOverrides) {
        super(dir, auth, serverOverrides);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> patch(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted during " + request.uri(), e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }
}
