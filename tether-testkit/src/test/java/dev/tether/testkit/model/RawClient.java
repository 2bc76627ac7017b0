package dev.tether.testkit.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A plain HTTP client for poking the fakes with hand-written requests. */
final class RawClient {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RawClient() {
    }

    static HttpResponse<String> post(String url, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
        headers.forEach(request::header);
        return send(request.build());
    }

    static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A golden trace from {@code src/test/resources/golden}. */
    static String golden(String name) {
        try (InputStream in = RawClient.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new AssertionError("Missing golden file src/test/resources/golden/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces per-run ids and timestamps so a stream can be compared with a golden trace. */
    static String normalise(String sse) {
        return sse.replaceAll("chatcmpl-fake\\d+", "chatcmpl-ID").replaceAll("\"created\":\\d+", "\"created\":0")
                .replaceAll("msg_fake\\d+", "msg_ID");
    }
}
