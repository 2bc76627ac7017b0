package dev.tether.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks a model server which models it serves ({@code GET <base>/models}, the OpenAI-compatible listing that
 * vLLM, Ollama, LM Studio and llama.cpp server all offer, and Anthropic too).
 */
final class ModelProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final Duration timeout;

    ModelProbe(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** What a probe found: reachable or not, the served model ids, or the problem in words. */
    record Result(boolean reachable, List<String> models, String problem) { }

    Result probe(String baseUrl, String provider, String apiKey) {
        String url = baseUrl.replaceAll("/+$", "") + "/models";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
        if (!apiKey.isBlank()) {
            if (provider.equals("anthropic")) {
                request.header("x-api-key", apiKey).header("anthropic-version", "2023-06-01");
            } else {
                request.header("Authorization", "Bearer " + apiKey);
            }
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                return new Result(true, List.of(), "the server refused the API key (HTTP " + response.statusCode() + ")");
            }
            if (response.statusCode() != 200) {
                return new Result(true, List.of(), "GET " + url + " answered HTTP " + response.statusCode());
            }
            List<String> ids = new ArrayList<>();
            JsonNode data = JSON.readTree(response.body()).path("data");
            data.forEach(m -> ids.add(m.path("id").asText()));
            return new Result(true, ids, "");
        } catch (ConnectException e) {
            return new Result(false, List.of(), "connection refused");
        } catch (HttpTimeoutException e) {
            return new Result(false, List.of(), "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Result(false, List.of(), e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, List.of(), "interrupted");
        } catch (IllegalArgumentException e) {
            return new Result(false, List.of(), "invalid URL " + url);
        }
    }
}
