package dev.tether.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.server.ServerTest;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** CORS on the REST and OpenAI-compatible APIs: off by default, and with {@code server.cors-origins} only for those. */
class CorsTest extends ServerTest<HttpHarness> {
    static final String APP = "https://chat.example.com";
    static final String DEV = "http://localhost:5173";
    static final String OTHER = "https://evil.example";

    private void start(String... overrides) {
        h = new HttpHarness(dir, HttpHarness.ADA_ONLY, overrides);
    }

    private void startWithOrigins() {
        start("cors-origins=[\"" + APP + "/\", \"" + DEV + "\"]");
    }

    private HttpResponse<String> preflight(String path, String origin, String method, String headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(h.uri(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method);
        if (headers != null) {
            b.header("Access-Control-Request-Headers", headers);
        }
        return h.send(b.build());
    }

    private HttpResponse<String> getFrom(String path, String origin) {
        return h.send(h.request(path).header("Origin", origin).GET().build());
    }

    private static List<String> corsHeaders(HttpHeaders headers) {
        return headers.map().keySet().stream().filter(k -> k.toLowerCase().startsWith("access-control-")).toList();
    }

    @Test
    void offByDefault_noCorsHeadersAndNoPreflightAnswer() {
        start();
        assertThat(h.config.corsOrigins()).isEmpty();

        HttpResponse<String> get = getFrom("/api/conversations", APP);
        HttpResponse<String> pre = preflight("/v1/chat/completions", APP, "POST", "authorization, content-type");

        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(corsHeaders(get.headers())).isEmpty();
        assertThat(corsHeaders(pre.headers())).isEmpty();
        assertThat(pre.statusCode()).as(pre.body()).isEqualTo(405); // OPTIONS is no route: the browser gives up
        assertThat(HttpHarness.json(pre).get("error").get("code").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void aListedOriginsPreflightIsAllowedWithTheApisMethodsAndHeaders() {
        startWithOrigins();

        for (String path : new String[] {"/v1/chat/completions", "/api/conversations/abc/messages"}) {
            HttpResponse<String> r = preflight(path, APP, "POST", "authorization, content-type");

            assertThat(r.statusCode()).as(path).isEqualTo(204);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
            assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST, PATCH, DELETE");
            assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Authorization, Content-Type");
            assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
            assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
            assertThat(r.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("Origin"));
            assertThat(r.body()).isEmpty();
        }
        // the second listed origin too, and no token is needed for a preflight (browsers send none)
        h.token = Optional.empty();
        assertThat(preflight("/api/conversations/x", DEV, "PATCH", null).headers()
                .firstValue("Access-Control-Allow-Origin")).hasValue(DEV);
    }

    @Test
    void aPreflightAllowsTheOpenAiSdkHeadersButNoOtherExtraHeader() {
        startWithOrigins();

        HttpResponse<String> r = preflight("/v1/chat/completions", APP, "POST",
                "authorization,content-type,x-stainless-os,X-Stainless-Retry-Count,x-secret-admin");

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers"))
                .hasValue("Authorization, Content-Type, x-stainless-os, x-stainless-retry-count");
    }

    @Test
    void aListedOriginGetsAllowOriginOnAnswersAndErrorsAndTheUsefulHeadersExposed() {
        startWithOrigins();
        String id = h.store.createConversation("ada", "t").id();

        HttpResponse<String> ok = getFrom("/api/conversations/" + id, APP);
        HttpResponse<String> models = getFrom("/v1/models", DEV);
        HttpResponse<String> unknown = getFrom("/api/nope", APP);
        h.token = Optional.empty();
        HttpResponse<String> unauthorized = getFrom("/v1/models", APP);

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        for (HttpResponse<String> r : List.of(ok, unknown, unauthorized)) {
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(r.uri().toString()).hasValue(APP);
            assertThat(r.headers().firstValue("Access-Control-Expose-Headers"))
                    .hasValue("Retry-After, X-Tether-Conversation");
            assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        }
        assertThat(models.headers().firstValue("Access-Control-Allow-Origin")).hasValue(DEV);
    }

    @Test
    void anOriginNotListedGetsNoCorsHeadersButTheRequestIsHandledAsUsual() {
        startWithOrigins();

        // close relatives of listed origins: other scheme, other port, a suffix, a subdomain
        for (String origin : Stream.of(OTHER, "http://chat.example.com", "https://chat.example.com:8443",
                "https://chat.example.com.evil.example", "https://x.chat.example.com", "null").toList()) {
            HttpResponse<String> pre = preflight("/v1/chat/completions", origin, "POST", "authorization");
            HttpResponse<String> get = getFrom("/api/conversations", origin);

            assertThat(corsHeaders(pre.headers())).as(origin).isEmpty();
            assertThat(pre.statusCode()).as(origin).isEqualTo(405);
            assertThat(corsHeaders(get.headers())).as(origin).isEmpty();
            assertThat(get.statusCode()).as(origin).isEqualTo(200);
        }
    }

    @Test
    void requestsWithoutAnOriginAndPathsOutsideTheApisGetNoCorsHeaders() {
        startWithOrigins();

        HttpResponse<String> noOrigin = h.get("/api/conversations");
        HttpResponse<String> health = getFrom("/health/live", APP);

        assertThat(noOrigin.statusCode()).isEqualTo(200);
        assertThat(corsHeaders(noOrigin.headers())).isEmpty();
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(corsHeaders(health.headers())).isEmpty();
    }
}
