package dev.tether.model.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.api.CancelSignal;
import dev.tether.api.model.ChatMessage;
import dev.tether.api.model.ModelException;
import dev.tether.api.model.ModelRequest;
import dev.tether.api.model.ModelSettings;
import dev.tether.api.model.ToolCall;
import dev.tether.testkit.model.ContractFixtures;
import dev.tether.testkit.model.FakeAnthropicServer;
import dev.tether.testkit.model.ModelCall;
import dev.tether.testkit.model.RecordedRequest;
import dev.tether.testkit.model.Script;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Anthropic-specific details of the wire format and of errors inside a stream. */
class AnthropicWireFormatTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final FakeAnthropicServer server = FakeAnthropicServer.start();

    @AfterEach
    void close() {
        server.close();
        assertThat(server.protocolViolations()).isEmpty();
    }

    @Test
    void withoutApiKeyAPlaceholderKeyAndTheApiVersionAreSent() {
        RecordedRequest request = send(new ModelRequest(List.of(new ChatMessage.User("Hi"))));
        assertThat(request.header("x-api-key")).contains(AnthropicBackend.NO_KEY);
        assertThat(request.header("anthropic-version")).isPresent();
    }

    @Test
    void requestBodyIsCompactJsonNotPrettyPrinted() {
        RecordedRequest request = send(new ModelRequest(List.of(new ChatMessage.User("Hi"))));
        assertThat(request.body()).startsWith("{\"").doesNotContain("\n").doesNotContain("\" : ");
    }

    @Test
    void defaultOutputLimitIsSentBecauseTheApiRequiresOne() {
        RecordedRequest request = send(new ModelRequest(List.of(new ChatMessage.User("Hi"))));
        assertThat(request.requireChat().maxOutputTokens()).isEqualTo(AnthropicChatModel.DEFAULT_MAX_TOKENS);
    }

    @Test
    void failedToolResultIsSentWithIsError() {
        List<ChatMessage> history = List.of(new ChatMessage.User("Time?"),
                new ChatMessage.Assistant("", List.of(new ToolCall("toolu_1", "get_time", "{}"))),
                new ChatMessage.ToolResult("toolu_1", "get_time", "clock unavailable", true));
        RecordedRequest request = send(new ModelRequest(history, List.of(ContractFixtures.CLOCK), 0));
        assertThat(request.requireChat().messages()).last()
                .isEqualTo(new ChatMessage.ToolResult("toolu_1", "get_time", "clock unavailable", true));
        JsonNode block = request.json().at("/messages/2/content/0");
        assertThat(block.get("type").asText()).isEqualTo("tool_result");
        assertThat(block.get("is_error").asBoolean()).isTrue();
    }

    @Test
    void toolResultsOfOneTurnShareOneUserMessage() {
        RecordedRequest request = send(new ModelRequest(ContractFixtures.toolRoundTrip(),
                List.of(ContractFixtures.WEATHER, ContractFixtures.CLOCK), 0));
        JsonNode fifth = request.json().at("/messages/4");
        assertThat(fifth.get("role").asText()).isEqualTo("user");
        assertThat(fifth.get("content")).extracting(b -> b.get("type").asText())
                .containsExactly("tool_result", "tool_result");
    }

    @Test
    void overloadedErrorEventMidStreamIsARetriableServerError() {
        server.enqueue(Script.text("Hel", "lo").errorAfter(1, 529, "Overloaded"));
        ModelException e = fail();
        assertThat(e).isInstanceOfSatisfying(ModelException.ServerError.class, s -> assertThat(s.status()).isEqualTo(529));
        assertThat(e.getMessage()).contains("overloaded_error").contains(server.baseUrl());
    }

    @Test
    void rateLimitErrorEventMidStreamIsRateLimited() {
        server.enqueue(Script.text("Hel", "lo").errorAfter(1, 429, "Slow down"));
        assertThat(fail()).isInstanceOf(ModelException.RateLimited.class);
    }

    private ModelException fail() {
        return ModelCall.start(new AnthropicChatModel(ModelSettings.of(server.baseUrl(), server.model())),
                ContractFixtures.ask("Hi"), CancelSignal.none()).failure(WAIT);
    }

    private RecordedRequest send(ModelRequest request) {
        ModelCall.start(new AnthropicChatModel(ModelSettings.of(server.baseUrl(), server.model())), request,
                CancelSignal.none()).reply(WAIT);
        return server.takeRequest(WAIT);
    }
}
