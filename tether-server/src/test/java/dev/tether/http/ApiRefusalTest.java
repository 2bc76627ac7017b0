package dev.tether.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests the REST API refuses: no or a wrong token, bad query parameters, bad bodies. */
class ApiRefusalTest {
    @TempDir
    Path dir;
    HttpHarness h;

    @BeforeEach
    void start() {
        h = new HttpHarness(dir, HttpHarness.ADA_ONLY);
    }

    @AfterEach
    void stop() {
        h.close();
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
}
