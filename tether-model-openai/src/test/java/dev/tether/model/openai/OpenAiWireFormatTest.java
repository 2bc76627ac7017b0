package dev.tether.model.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.api.CancelSignal;
import dev.tether.api.model.ModelSettings;
import dev.tether.testkit.model.ContractFixtures;
import dev.tether.testkit.model.FakeOpenAiServer;
import dev.tether.testkit.model.ModelCall;
import dev.tether.testkit.model.RecordedRequest;
import dev.tether.testkit.model.Script;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OpenAI-specific details of the request on the wire, beyond what the contract checks. */
class OpenAiWireFormatTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final FakeOpenAiServer server = FakeOpenAiServer.start();

    @AfterEach
    void close() {
        server.close();
        assertThat(server.protocolViolations()).isEmpty();
    }

    @Test
    void withoutApiKeyAPlaceholderBearerTokenIsSent() {
        RecordedRequest request = send(ModelSettings.of(server.baseUrl(), server.model()));
        assertThat(request.header("authorization")).contains("Bearer " + OpenAiBackend.NO_KEY);
    }

    @Test
    void requestBodyIsCompactJsonNotPrettyPrinted() {
        RecordedRequest request = send(ModelSettings.of(server.baseUrl(), server.model()));
        assertThat(request.body()).startsWith("{\"").doesNotContain("\n").doesNotContain("\" : ");
    }

    @Test
    void usageIsRequestedInTheStream() {
        JsonNode body = send(ModelSettings.of(server.baseUrl(), server.model())).json();
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void configuredTemperatureAndOutputLimitAreSent() {
        ModelSettings settings = new ModelSettings(server.baseUrl(), server.model(), Optional.empty(),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Optional.of(0.3), 512);
        RecordedRequest request = send(settings);
        assertThat(request.requireChat().temperature()).contains(0.3);
        assertThat(request.requireChat().maxOutputTokens()).isEqualTo(512);
    }

    @Test
    void noOutputLimitIsSentWhenNoneIsConfigured() {
        JsonNode body = send(ModelSettings.of(server.baseUrl(), server.model())).json();
        assertThat(body.has("max_tokens")).isFalse();
        assertThat(body.has("max_completion_tokens")).isFalse();
    }

    @Test
    void toolCallWithoutIdGetsAGeneratedOne() {
        server.enqueue(Script.toolCall("", "get_time", "{}"));
        var reply = ModelCall.start(new OpenAiChatModel(ModelSettings.of(server.baseUrl(), server.model())),
                ContractFixtures.ask("Time?"), CancelSignal.none()).reply(WAIT);
        assertThat(reply.toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.id()).startsWith("call_0_");
            assertThat(c.name()).isEqualTo("get_time");
        });
    }

    private RecordedRequest send(ModelSettings settings) {
        ModelCall.start(new OpenAiChatModel(settings), ContractFixtures.ask("Hi"), CancelSignal.none()).reply(WAIT);
        return server.takeRequest(WAIT);
    }
}
