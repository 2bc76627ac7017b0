package dev.tether.testkit.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.api.model.ChatMessage;
import dev.tether.api.model.ToolCall;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeAnthropicServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> HEADERS = Map.of("x-api-key", "k-1", "anthropic-version", "2023-06-01");
    private final FakeAnthropicServer server = FakeAnthropicServer.start();

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void streamedTextAndToolUseMatchTheGoldenTrace() {
        server.enqueue(Script.text("Let me ", "check.").toolCall("toolu_1", "get_weather", "{\"city\":", "\"Paris\"}")
                .usage(20, 9));
        HttpResponse<String> response = messages("{\"model\":\"claude-fake-1\",\"max_tokens\":100,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}]}", HEADERS);
        assertThat(RawClient.normalise(response.body())).isEqualTo(RawClient.golden("anthropic-text-then-tool-use.sse"));
    }

    @Test
    void missingApiKeyIsAnAuthenticationError() throws Exception {
        HttpResponse<String> response = messages(simple(), Map.of("anthropic-version", "2023-06-01"));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).at("/error/type").asText()).isEqualTo("authentication_error");
    }

    @Test
    void systemRoleInsideMessagesIsRejectedAsAnthropicWould() {
        HttpResponse<String> response = messages("{\"model\":\"m\",\"max_tokens\":10,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]}", HEADERS);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(server.protocolViolations()).singleElement().asString().contains("top-level `system`");
    }

    @Test
    void missingMaxTokensIsRejected() {
        HttpResponse<String> response = messages("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                HEADERS);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(server.protocolViolations()).singleElement().asString().contains("max_tokens");
    }

    @Test
    void toolUseWithoutResultIsRejected() {
        HttpResponse<String> response = messages("{\"model\":\"m\",\"max_tokens\":10,\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":\"and?\"}]}", HEADERS);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(server.protocolViolations()).singleElement().asString().contains("t1");
    }

    @Test
    void toolRoundTripIsDecodedIntoTetherMessages() {
        messages("{\"model\":\"m\",\"max_tokens\":10,\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\"}],\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Time?\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"get_time\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"noon\","
                + "\"is_error\":true}]}]}", HEADERS);
        assertThat(server.takeRequest(Duration.ofSeconds(1)).requireChat().messages()).containsExactly(
                new ChatMessage.System("Be brief."), new ChatMessage.User("Time?"),
                new ChatMessage.Assistant("", List.of(new ToolCall("t1", "get_time", "{}"))),
                new ChatMessage.ToolResult("t1", "get_time", "noon", true));
    }

    @Test
    void overloadedErrorUsesAnthropicsErrorType() throws Exception {
        server.enqueue(Script.error(529, "Overloaded"));
        HttpResponse<String> response = messages(simple(), HEADERS);
        assertThat(response.statusCode()).isEqualTo(529);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.at("/error/type").asText()).isEqualTo("overloaded_error");
    }

    @Test
    void errorInsideTheStreamIsAnErrorEvent() {
        server.enqueue(Script.text("a", "b").errorAfter(1, 529, "Overloaded"));
        String body = messages(simple().replace("{\"model\"", "{\"stream\":true,\"model\""), HEADERS).body();
        assertThat(body).contains("\"text\":\"a\"").doesNotContain("\"text\":\"b\"").doesNotContain("message_stop")
                .endsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                        + "\"message\":\"Overloaded\"}}\n\n");
    }

    private static String simple() {
        return "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    private HttpResponse<String> messages(String body, Map<String, String> headers) {
        return RawClient.post(server.baseUrl() + "/messages", body, headers);
    }
}
