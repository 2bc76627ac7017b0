package dev.tether.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Chat-completion requests refused with 400 in OpenAI's error shape, before any conversation is created. */
class ChatCompletionRefusalTest {
    @TempDir
    static Path dir;
    static HttpHarness h;

    @BeforeAll
    static void start() {
        h = new HttpHarness(dir, HttpHarness.ADA_ONLY);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                | {"messages":                                                  | invalid_json    | The request body is not valid JSON: 
            not an object           | []                                                            | invalid_json    | The request body must be a JSON object such as
            no messages             | {"model":"tether"}                                            | invalid_request | Field 'messages' must be a non-empty array of {"role", "content"} objects but was null.
            empty messages          | {"messages":[]}                                               | invalid_request | Field 'messages' must be a non-empty array of {"role", "content"} objects but was an array.
            last from assistant     | {"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]} | invalid_request | The last message must have role 'user' (the agent answers it) but messages[1] has role 'assistant'.
            tool message            | {"messages":[{"role":"tool","content":"x","tool_call_id":"c"},{"role":"user","content":"a"}]} | invalid_request | Field 'messages[0].role' is 'tool', which is not supported
            unknown role            | {"messages":[{"role":"robot","content":"a"}]}                 | invalid_request | Field 'messages[0].role' must be one of system, developer, user, assistant but was 'robot'.
            missing role            | {"messages":[{"content":"a"}]}                                | invalid_request | Field 'messages[0].role' is required
            content a number        | {"messages":[{"role":"user","content":7}]}                    | invalid_request | Field 'messages[0].content' must be a string or an array of text parts but was a number (7).
            image part              | {"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]} | invalid_request | Field 'messages[0].content[0].type' is 'image_url', but only 'text' parts are supported.
            blank last message      | {"messages":[{"role":"user","content":"  "}]}                 | invalid_request | The last message (messages[0]) has no text
            stream not a boolean    | {"stream":"yes","messages":[{"role":"user","content":"a"}]}   | invalid_request | Field 'stream' must be true or false but was a string ("yes").
            two answers             | {"n":2,"messages":[{"role":"user","content":"a"}]}            | invalid_request | Field 'n' must be 1 (one answer per request) but was a number (2).
            """)
    void isRefusedWith400NamingWhatWasWrong(String name, String body, String code, String messageStart) {
        HttpResponse<String> r = h.post("/v1/chat/completions", body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode e = HttpHarness.json(r).get("error");
        assertThat(e.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(e.get("code").asText()).isEqualTo(code);
        assertThat(e.get("message").asText()).startsWith(messageStart.strip());
        assertThat(h.store.conversations("ada", Optional.empty(), 10).items()).isEmpty();
        assertThat(h.model.requests()).isEmpty();
    }
}
