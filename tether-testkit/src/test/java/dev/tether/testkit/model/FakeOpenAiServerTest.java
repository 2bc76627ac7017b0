package dev.tether.testkit.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.api.model.ChatMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeOpenAiServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeOpenAiServer server = FakeOpenAiServer.start();

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void streamedTextAndToolCallMatchTheGoldenTrace() {
        server.enqueue(Script.text("Let me ", "check.").toolCall("call_1", "get_weather", "{\"city\":", "\"Paris\"}")
                .usage(20, 9));
        HttpResponse<String> response = chat("{\"model\":\"fake-gpt\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}]}");
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(RawClient.normalise(response.body())).isEqualTo(RawClient.golden("openai-text-then-tool-call.sse"));
    }

    @Test
    void usageChunkIsSentOnlyWhenRequested() {
        HttpResponse<String> response = chat("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(response.body()).doesNotContain("\"usage\"").contains("\"finish_reason\":\"stop\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void nonStreamingRequestGetsOneCompletionObject() throws Exception {
        server.enqueue(Script.toolCall("call_9", "get_time", "{}").usage(5, 2));
        JsonNode body = JSON.readTree(chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Time?\"}]}").body());
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_time");
        assertThat(body.at("/choices/0/message/content").isNull()).isTrue();
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(7);
    }

    @Test
    void emptyQueuePlaysTheDefaultScript() {
        assertThat(chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").body())
                .contains("\"content\":\"ok\"");
        server.defaultScript(Script.text("changed"));
        assertThat(chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").body())
                .contains("\"content\":\"changed\"");
    }

    @Test
    void modelsEndpointListsTheServedModel() throws Exception {
        JsonNode body = JSON.readTree(RawClient.get(server.baseUrl() + "/models").body());
        assertThat(body.at("/data/0/id").asText()).isEqualTo(FakeOpenAiServer.DEFAULT_MODEL);
    }

    @Test
    void rateLimitErrorHasRetryAfterAndOpenAiErrorBody() throws Exception {
        server.enqueue(Script.error(429, "Slow down").retryAfter(Duration.ofSeconds(3)));
        HttpResponse<String> response = chat("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains("3");
        assertThat(JSON.readTree(response.body()).at("/error/message").asText()).isEqualTo("Slow down");
    }

    @Test
    void toolMessageWithoutMatchingCallIsRejectedAsOpenAiWould() throws Exception {
        HttpResponse<String> response = chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"nope\",\"content\":\"x\"}]}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(server.protocolViolations()).singleElement().asString().contains("nope");
        assertThat(server.takeRequest(Duration.ofSeconds(1)).chat()).isEmpty();
    }

    @Test
    void recordedRequestDecodesMessagesAndKey() {
        chat("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}],\"temperature\":0.5}");
        RecordedRequest request = server.takeRequest(Duration.ofSeconds(1));
        assertThat(request.requireChat().messages())
                .containsExactly(new ChatMessage.System("Be brief."), new ChatMessage.User("Hi"));
        assertThat(request.requireChat().temperature()).contains(0.5);
        assertThat(request.requireChat().apiKey()).contains("k-1");
        assertThat(request.header("AUTHORIZATION")).contains("Bearer k-1");
    }

    private HttpResponse<String> chat(String body) {
        return RawClient.post(server.baseUrl() + "/chat/completions", body, Map.of("authorization", "Bearer k-1"));
    }
}
