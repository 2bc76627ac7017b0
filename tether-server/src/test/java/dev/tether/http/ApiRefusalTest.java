package dev.tether.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.server.ServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests the REST API refuses: no or a wrong token, bad query parameters, bad bodies. */
class ApiRefusalTest extends ServerTest<HttpHarness> {
    @BeforeEach
    void start() {
        h = new HttpHarness(dir, HttpHarness.ADA_ONLY);
    }

    private static JsonNode error(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return HttpHarness.json(r).get("error");
    }

    @Test
    void aMissingOrUnknownTokenIs401WithHowToGetOne() {
        for (Optional<String> token : new Optional[] {Optional.empty(), Optional.of("wrong")}) {
            h.token = token;
            HttpResponse<String> r = h.get("/api/conversations");

            JsonNode e = error(r, 401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(e.get("code").asText()).isEqualTo("unauthorized");
            assertThat(e.get("message").asText()).contains("Authorization: Bearer").contains("tether token create");
            assertThat(e.get("retryable").asBoolean()).isFalse();
        }
    }

    @Test
    void aRefusedTokenDoesNoWork() {
        h.token = Optional.of("wrong");

        assertThat(h.post("/api/conversations", "{\"title\":\"x\"}").statusCode()).isEqualTo(401);

        assertThat(h.store.conversations("ada", Optional.empty(), 10).items()).isEmpty();
    }

    @Test
    void anOpenAiRouteAnswers401InOpenAisErrorShape() {
        h.token = Optional.empty();
        HttpResponse<String> r = h.get("/v1/models");

        JsonNode e = error(r, 401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(e.get("type").asText()).isEqualTo("authentication_error");
        assertThat(e.get("code").asText()).isEqualTo("unauthorized");
        assertThat(e.get("message").asText()).contains("tether token create");
    }

    @Test
    void aBadLimitIs400NamingTheParameterAndTheValue() {
        for (String limit : new String[] {"0", "501", "many", "-3"}) {
            JsonNode e = error(h.get("/api/conversations?limit=" + limit), 400);
            assertThat(e.get("code").asText()).isEqualTo("invalid_request");
            assertThat(e.get("message").asText()).isEqualTo("Query parameter 'limit' must be a whole number from 1 "
                    + "to 500 but was '" + limit + "'.");
        }
    }

    @Test
    void aCursorTheStoreDidNotIssueIs400() {
        String id = h.store.createConversation("ada", "t").id();

        JsonNode list = error(h.get("/api/conversations?cursor=bm9wZQ"), 400);
        JsonNode messages = error(h.get("/api/conversations/" + id + "/messages?cursor=bm9wZQ"), 400);

        assertThat(list.get("message").asText()).startsWith("Query parameter 'cursor' was refused: ");
        assertThat(messages.get("message").asText()).startsWith("Query parameter 'cursor' was refused: ");
    }

    @Test
    void aBodyThatIsNotJsonIs400InvalidJson() {
        JsonNode e = error(h.post("/api/conversations", "{\"title\":"), 400);

        assertThat(e.get("code").asText()).isEqualTo("invalid_json");
        assertThat(e.get("message").asText()).startsWith("The request body is not valid JSON: ");
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() {
        JsonNode e = error(h.post("/api/conversations", "[1, 2]"), 400);

        assertThat(e.get("message").asText()).isEqualTo("The request body must be a JSON object such as "
                + "{\"title\":\"Trip to Kyoto\"} but was an array.");
    }

    @Test
    void aFieldOfTheWrongTypeIs400NamingItAndTheValue() {
        String id = h.store.createConversation("ada", "t").id();

        JsonNode created = error(h.post("/api/conversations", "{\"title\": 42}"), 400);
        JsonNode renamed = error(h.patch("/api/conversations/" + id, "{\"title\": true}"), 400);
        JsonNode blank = error(h.patch("/api/conversations/" + id, "{\"title\": \"  \"}"), 400);

        assertThat(created.get("message").asText()).isEqualTo("Field 'title' must be a string but was a number (42).");
        assertThat(renamed.get("message").asText()).isEqualTo("Field 'title' must be a string but was a boolean (true).");
        assertThat(blank.get("message").asText()).startsWith("Field 'title' is required");
    }

    @Test
    void aBodyOverTheSizeLimitIs413InJson() {
        String huge = "{\"title\":\"" + "x".repeat(1_100_000) + "\"}";

        JsonNode e = error(h.post("/api/conversations", huge), 413);

        assertThat(e.get("code").asText()).isEqualTo("too_large");
        assertThat(e.get("message").asText()).startsWith("The request body is larger than the server accepts");
    }

    @Test
    void anUnknownRestPathIs404InTethersShapeNamingTheRequestAndListingTheRoutes() {
        for (Optional<String> token : new Optional[] {Optional.of(HttpHarness.TOKEN), Optional.empty()}) {
            h.token = token;
            HttpResponse<String> r = h.get("/api/conversation");

            JsonNode e = error(r, 404);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(e.get("code").asText()).isEqualTo("unknown_route");
            assertThat(e.get("retryable").asBoolean()).isFalse();
            assertThat(e.get("message").asText())
                    .startsWith("Tether's REST API has no route GET /api/conversation. Its routes are ")
                    .contains("GET and POST /api/conversations, GET, PATCH and DELETE /api/conversations/{id}")
                    .contains("POST /api/conversations/{id}/messages/{messageId}/retry")
                    .doesNotContain("/v1/")
                    .endsWith("See \"HTTP APIs\" in the README.");
        }
        assertThat(error(h.send(h.request("/api").DELETE().build()), 404).get("message").asText())
                .startsWith("Tether's REST API has no route DELETE /api.");
    }

    @Test
    void anUnknownOpenAiPathIs404InOpenAisShapeWithTheBaseUrlToUse() {
        HttpResponse<String> r = h.post("/v1/v1/chat/completions", "{}");

        JsonNode e = error(r, 404);
        assertThat(e.fieldNames()).toIterable().containsExactly("message", "type", "code");
        assertThat(e.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(e.get("code").asText()).isEqualTo("unknown_route");
        assertThat(e.get("message").asText())
                .startsWith("The OpenAI-compatible API has no route POST /v1/v1/chat/completions. Its routes are "
                        + "GET /v1/models, GET /v1/models/{model}, POST /v1/chat/completions.")
                .contains("base URL").contains("/v1");
        assertThat(error(h.get("/v1/embeddings"), 404).get("message").asText())
                .startsWith("The OpenAI-compatible API has no route GET /v1/embeddings.");
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithAllowInEachApisShape() {
        String id = h.store.createConversation("ada", "t").id();

        HttpResponse<String> rest = h.send(h.request("/api/conversations/" + id)
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build());
        HttpResponse<String> openAi = h.get("/v1/chat/completions");

        JsonNode e = error(rest, 405);
        assertThat(rest.headers().firstValue("Allow")).hasValue("GET, PATCH, DELETE");
        assertThat(e.get("code").asText()).isEqualTo("method_not_allowed");
        assertThat(e.get("message").asText()).isEqualTo("PUT /api/conversations/" + id + " is not allowed: "
                + "/api/conversations/" + id + " takes only GET, PATCH, DELETE. Send one of those methods. "
                + "See \"HTTP APIs\" in the README.");
        JsonNode o = error(openAi, 405);
        assertThat(openAi.headers().firstValue("Allow")).hasValue("POST");
        assertThat(o.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(o.get("code").asText()).isEqualTo("method_not_allowed");
        assertThat(o.get("message").asText()).isEqualTo("GET /v1/chat/completions is not allowed: "
                + "/v1/chat/completions takes only POST. Send one of those methods.");
        assertThat(h.store.conversation(id)).isPresent();
    }

    @Test
    void pathsOutsideTheApisKeepJavalinsOwnAnswers() {
        HttpResponse<String> r = h.send(h.request("/no-such-page").header("Accept", "text/plain").GET().build());

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).doesNotContain("unknown_route");
    }
}
