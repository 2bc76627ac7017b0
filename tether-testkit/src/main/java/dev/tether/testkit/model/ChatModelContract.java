package dev.tether.testkit.model;

import static dev.tether.testkit.model.ContractFixtures.ask;
import static dev.tether.testkit.model.ContractFixtures.canonical;
import static dev.tether.testkit.model.ContractFixtures.canonicalJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.api.CancelSignal;
import dev.tether.api.model.ChatMessage;
import dev.tether.api.model.ChatModel;
import dev.tether.api.model.FinishReason;
import dev.tether.api.model.ModelEvent;
import dev.tether.api.model.ModelException;
import dev.tether.api.model.ModelReply;
import dev.tether.api.model.ModelRequest;
import dev.tether.api.model.ModelSettings;
import dev.tether.api.model.TokenUsage;
import dev.tether.api.model.ToolCall;
import dev.tether.testkit.http.StreamFraming;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link ChatModel} must show, driven through a {@link FakeModelServer} over real HTTP.
 * A provider's test extends this and supplies the fake server, a factory for the model under test, and one
 * wire-specific check; every other test is inherited. Each test gets a fresh server and fails if the client
 * broke the provider's protocol ({@link FakeModelServer#protocolViolations()}).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class ChatModelContract {
    /** Generous bound for anything that should be quick, so a loaded machine does not fail tests. */
    protected static final Duration WAIT = Duration.ofSeconds(10);
    /** The first-token timeout used by the stall tests. */
    protected static final Duration SHORT_FIRST_TOKEN = Duration.ofMillis(700);

    private FakeModelServer server;

    /** Starts a fresh fake server speaking this provider's protocol; the contract closes it after each test. */
    protected abstract FakeModelServer startServer();

    /** Builds the model under test. */
    protected abstract ChatModel newModel(ModelSettings settings);

    /** Asserts that the system prompt sits where this provider expects it in the raw request body. */
    protected abstract void assertSystemPromptPlacement(JsonNode body, String systemText);

    /** Settings pointing at {@code baseUrl} with the fake's model and timeouts loose enough for a busy machine. */
    protected ModelSettings settings(String baseUrl) {
        return new ModelSettings(baseUrl, server.model(), Optional.empty(), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Optional.empty(), 0);
    }

    protected final FakeModelServer server() {
        return server;
    }

    protected final ChatModel model() {
        return newModel(settings(server.baseUrl()));
    }

    protected final ModelCall call(ChatModel model, ModelRequest request) {
        return ModelCall.start(model, request, CancelSignal.none());
    }

    @BeforeEach
    final void startFakeServer() {
        server = startServer();
    }

    @AfterEach
    final void stopFakeServer() {
        server.close();
        assertThat(server.protocolViolations()).as("requests the real provider would have rejected").isEmpty();
    }

    @Test
    void streamedTextArrivesInOrderAndEqualsReplyText() {
        server.enqueue(Script.text("Hel", "lo, ", "wörld ", "🌍").chunkDelay(Duration.ofMillis(5)));
        ModelCall call = call(model(), ask("Say hello"));
        ModelReply reply = call.reply(WAIT);
        assertThat(call.events().textDeltas()).containsExactly("Hel", "lo, ", "wörld ", "🌍");
        assertThat(reply.text()).isEqualTo("Hello, wörld 🌍").isEqualTo(call.events().text());
        assertThat(reply.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(reply.toolCalls()).isEmpty();
    }

    @Test
    void emptyReplyHasEmptyTextAndStops() {
        server.enqueue(Script.text());
        ModelReply reply = call(model(), ask("Say nothing")).reply(WAIT);
        assertThat(reply.text()).isEmpty();
        assertThat(reply.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void toolCallIsAssembledFromFragments() {
        server.enqueue(Script.text("Let me check.")
                .toolCall("call_w1", "get_weather", "{\"ci", "ty\": \"Pa", "ris\", \"da", "ys\": 2}"));
        ModelCall call = call(model(), new ModelRequest(List.of(new ChatMessage.User("Weather?")),
                List.of(ContractFixtures.WEATHER), 0));
        ModelReply reply = call.reply(WAIT);
        assertThat(reply.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(reply.text()).isEqualTo("Let me check.");
        assertThat(reply.toolCalls()).extracting(ContractFixtures::canonical)
                .containsExactly(new ToolCall("call_w1", "get_weather", canonicalJson("{\"city\":\"Paris\",\"days\":2}")));
        assertThat(call.events().events()).as("text first, then the complete call, never fragments")
                .containsExactly(new ModelEvent.TextDelta("Let me check."), new ModelEvent.ToolCallReady(
                        reply.toolCalls().getFirst()));
    }

    @Test
    void severalToolCallsArriveCompleteAndInOrder() {
        server.enqueue(Script.toolCall("call_1", "get_weather", "{\"city\":", "\"Oslo\"}")
                .toolCall("call_2", "get_time")
                .toolCall("call_3", "get_weather", "{\"city\":\"Lima\"", ",\"days\":3}"));
        ModelCall call = call(model(), new ModelRequest(List.of(new ChatMessage.User("Go")),
                List.of(ContractFixtures.WEATHER, ContractFixtures.CLOCK), 0));
        ModelReply reply = call.reply(WAIT);
        assertThat(reply.toolCalls()).extracting(ContractFixtures::canonical).containsExactly(
                new ToolCall("call_1", "get_weather", canonicalJson("{\"city\":\"Oslo\"}")),
                new ToolCall("call_2", "get_time", "{}"),
                new ToolCall("call_3", "get_weather", canonicalJson("{\"city\":\"Lima\",\"days\":3}")));
        assertThat(call.events().toolCalls()).isEqualTo(reply.toolCalls());
        assertThat(reply.text()).isEmpty();
        assertThat(reply.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void toolCallsAndResultsAreSentInTheProvidersWireFormat() {
        List<ChatMessage> history = ContractFixtures.toolRoundTrip();
        call(model(), new ModelRequest(history, List.of(ContractFixtures.WEATHER, ContractFixtures.CLOCK), 0))
                .reply(WAIT);
        RecordedChat sent = server.takeRequest(WAIT).requireChat();
        assertThat(canonical(sent.messages())).isEqualTo(canonical(history));
    }

    @Test
    void systemMessageIsSentAsTheSystemPrompt() {
        call(model(), new ModelRequest(List.of(new ChatMessage.System("You are terse."),
                new ChatMessage.User("Hi")))).reply(WAIT);
        RecordedRequest request = server.takeRequest(WAIT);
        assertThat(request.requireChat().messages())
                .containsExactly(new ChatMessage.System("You are terse."), new ChatMessage.User("Hi"));
        assertSystemPromptPlacement(request.json(), "You are terse.");
    }

    @Test
    void toolsAreSentInTheProvidersSchema() {
        call(model(), new ModelRequest(List.of(new ChatMessage.User("Hi")),
                List.of(ContractFixtures.WEATHER, ContractFixtures.CLOCK), 0)).reply(WAIT);
        assertThat(server.takeRequest(WAIT).requireChat().tools())
                .containsExactly(ContractFixtures.WEATHER, ContractFixtures.CLOCK);
    }

    @Test
    void modelNameOutputLimitAndStreamingAreSent() {
        call(model(), new ModelRequest(List.of(new ChatMessage.User("Hi")), List.of(), 321)).reply(WAIT);
        RecordedChat sent = server.takeRequest(WAIT).requireChat();
        assertThat(sent.model()).isEqualTo(server.model());
        assertThat(sent.maxOutputTokens()).isEqualTo(321);
        assertThat(sent.stream()).isTrue();
    }

    @Test
    void configuredApiKeyIsSent() {
        ModelSettings s = settings(server.baseUrl());
        ChatModel model = newModel(new ModelSettings(s.baseUrl(), s.model(), Optional.of("sk-test-123"),
                s.connectTimeout(), s.firstTokenTimeout(), s.temperature(), s.maxOutputTokens()));
        call(model, ask("Hi")).reply(WAIT);
        assertThat(server.takeRequest(WAIT).requireChat().apiKey()).contains("sk-test-123");
    }

    @Test
    void infoNamesModelAndBaseUrl() {
        assertThat(model().info().model()).isEqualTo(server.model());
        assertThat(model().info().baseUrl()).isEqualTo(server.baseUrl());
    }

    @Test
    void usageIsReported() {
        server.enqueue(Script.text("Hi", "!").usage(42, 7));
        assertThat(call(model(), ask("Hi")).reply(WAIT).usage()).isEqualTo(new TokenUsage(42, 7));
    }

    @Test
    void lengthLimitIsReportedAsLength() {
        server.enqueue(Script.text("Once upon a").finish(FinishReason.LENGTH));
        ModelReply reply = call(model(), ask("Story")).reply(WAIT);
        assertThat(reply.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(reply.text()).isEqualTo("Once upon a");
    }

    @Test
    void toolCallThenFinalTextCompletesAnAgentLoop() {
        server.enqueue(Script.toolCall("call_t", "get_time", "{}"), Script.text("It is ", "noon."));
        ChatModel model = model();
        List<ChatMessage> history = List.of(new ChatMessage.User("Time?"));
        ModelReply first = call(model, new ModelRequest(history, List.of(ContractFixtures.CLOCK), 0)).reply(WAIT);
        assertThat(first.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        List<ChatMessage> next = List.of(history.getFirst(), new ChatMessage.Assistant(first.text(), first.toolCalls()),
                new ChatMessage.ToolResult("call_t", "get_time", "12:00", false));
        ModelReply second = call(model, new ModelRequest(next, List.of(ContractFixtures.CLOCK), 0)).reply(WAIT);
        assertThat(second.text()).isEqualTo("It is noon.");
        assertThat(second.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).requireChat().messages()).last()
                .isEqualTo(new ChatMessage.ToolResult("call_t", "get_time", "12:00", false));
    }

    @Test
    void closeDelimitedStreamIsReadToTheEnd() {
        server.framing(StreamFraming.CLOSE_DELIMITED).enqueue(Script.text("one ", "two"));
        ModelReply reply = call(model(), ask("Count")).reply(WAIT);
        assertThat(reply.text()).isEqualTo("one two");
        assertThat(reply.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void rateLimitWithRetryAfterBecomesRateLimited() {
        server.enqueue(Script.error(429, "Rate limit reached for requests").retryAfter(Duration.ofSeconds(7)));
        ChatModel model = model();
        ModelException e = call(model, ask("Hi")).failure(WAIT);
        assertThat(e).isInstanceOf(ModelException.RateLimited.class);
        assertThat(e.retriable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.model()).isEqualTo(model.info());
        assertThat(e.getMessage()).contains(server.baseUrl()).contains("429");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {500, 503, 529})
    void serverErrorIsRetriable(int status) {
        server.enqueue(Script.error(status, "Upstream trouble"));
        ModelException e = call(model(), ask("Hi")).failure(WAIT);
        assertThat(e).isInstanceOfSatisfying(ModelException.ServerError.class,
                s -> assertThat(s.status()).isEqualTo(status));
        assertThat(e.retriable()).isTrue();
        assertThat(e.getMessage()).contains(server.baseUrl()).contains(Integer.toString(status));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 401, 403, 404})
    void clientErrorIsRejectedAndNotRetriable(int status) {
        server.enqueue(Script.error(status, "Nope"));
        ModelException e = call(model(), ask("Hi")).failure(WAIT);
        assertThat(e).isInstanceOfSatisfying(ModelException.Rejected.class,
                r -> assertThat(r.status()).isEqualTo(status));
        assertThat(e.retriable()).isFalse();
        assertThat(e.getMessage()).contains(server.baseUrl()).contains(Integer.toString(status));
    }

    @Test
    void connectionRefusedBecomesUnreachableNamingTheUrl() {
        String deadUrl = "http://127.0.0.1:" + ContractFixtures.closedPort() + "/v1";
        ModelException e = call(newModel(settings(deadUrl)), ask("Hi")).failure(WAIT);
        assertThat(e).isInstanceOf(ModelException.Unreachable.class);
        assertThat(e.retriable()).isTrue();
        assertThat(e.getMessage()).contains(deadUrl).contains("connection refused");
    }

    @Test
    void stalledStreamTimesOutWithinTheFirstTokenTimeout() {
        server.enqueue(Script.stall());
        ModelCall call = call(newModel(withFirstTokenTimeout(SHORT_FIRST_TOKEN)), ask("Hi"));
        ModelException e = call.failure(WAIT);
        assertThat(e).isInstanceOf(ModelException.Timeout.class);
        assertThat(e.retriable()).isTrue();
        assertThat(e.getMessage()).contains(server.baseUrl());
        assertThat(call.elapsed()).isBetween(SHORT_FIRST_TOKEN.minusMillis(50), SHORT_FIRST_TOKEN.plusSeconds(3));
        server.awaitClientAborts(1, WAIT);
    }

    @Test
    void serverThatNeverAnswersTimesOutAndTheRequestIsAborted() {
        server.enqueue(Script.hang());
        ModelCall call = call(newModel(withFirstTokenTimeout(SHORT_FIRST_TOKEN)), ask("Hi"));
        assertThat(call.failure(WAIT)).isInstanceOf(ModelException.Timeout.class);
        assertThat(call.elapsed()).isBetween(SHORT_FIRST_TOKEN.minusMillis(50), SHORT_FIRST_TOKEN.plusSeconds(3));
        server.awaitClientAborts(1, WAIT);
    }

    @Test
    void stallAfterSomeTextTimesOutAfterDeliveringThatText() {
        server.enqueue(Script.text("a", "b", "c").stallAfter(2));
        ModelCall call = call(newModel(withFirstTokenTimeout(SHORT_FIRST_TOKEN)), ask("Hi"));
        assertThat(call.failure(WAIT)).isInstanceOf(ModelException.Timeout.class);
        assertThat(call.events().textDeltas()).containsExactly("a", "b");
        server.awaitClientAborts(1, WAIT);
    }

    @Test
    void connectionDroppedMidStreamIsRetriable() {
        server.enqueue(Script.text("a", "b", "c", "d").dropAfter(2));
        ModelCall call = call(model(), ask("Hi"));
        ModelException e = call.failure(WAIT);
        assertThat(e).isInstanceOf(ModelException.Unreachable.class);
        assertThat(e.retriable()).isTrue();
        assertThat(e.getMessage()).contains(server.baseUrl());
        // the JDK client may discard bytes it had buffered when the connection failed: a prefix is all we can ask
        List<String> deltas = call.events().textDeltas();
        assertThat(deltas).hasSizeLessThanOrEqualTo(2);
        assertThat(deltas).isEqualTo(List.of("a", "b").subList(0, deltas.size()));
    }

    @Test
    void errorEventInsideTheStreamIsRetriableAndKeepsEarlierText() {
        server.enqueue(Script.text("a", "b", "c").errorAfter(2, 529, "Overloaded"));
        ModelCall call = call(model(), ask("Hi"));
        ModelException e = call.failure(WAIT);
        assertThat(e.retriable()).isTrue();
        assertThat(e.getMessage()).contains(server.baseUrl());
        assertThat(call.events().textDeltas()).containsExactly("a", "b");
    }

    @Test
    void streamEndingWithoutItsEndMarkerIsRetriable() {
        server.framing(StreamFraming.CLOSE_DELIMITED).enqueue(Script.text("a", "b", "c").dropAfter(3));
        ModelException e = call(model(), ask("Hi")).failure(WAIT);
        assertThat(e.retriable()).isTrue();
        assertThat(e.getMessage()).contains(server.baseUrl());
    }

    @Test
    void cancelMidStreamReturnsPartialTextAndAbortsTheHttpStream() {
        List<String> words = IntStream.rangeClosed(1, 40).mapToObj(i -> "w" + i + " ").toList();
        server.enqueue(Script.text(words.toArray(String[]::new)).chunkDelay(Duration.ofMillis(50)));
        CancelSignal cancel = new CancelSignal();
        ModelCall call = ModelCall.start(model(), ask("Long story"), cancel);
        call.events().awaitTextDeltas(2, WAIT);
        long cancelledAt = System.nanoTime();
        cancel.cancel();
        ModelReply reply = call.reply(WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(1));
        assertThat(reply.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(reply.text()).startsWith("w1 w2 ").isEqualTo(call.events().text());
        assertThat(reply.text().length()).isLessThan(String.join("", words).length());
        server.awaitClientAborts(1, WAIT);
        assertThat(call.events().text()).as("no events after the call returned").isEqualTo(reply.text());
    }

    @Test
    void cancelBeforeStartReturnsCancelledWithoutSendingAnything() {
        CancelSignal cancel = new CancelSignal();
        cancel.cancel();
        ModelCall call = ModelCall.start(model(), ask("Hi"), cancel);
        ModelReply reply = call.reply(WAIT);
        assertThat(reply.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(reply.text()).isEmpty();
        assertThat(call.events().events()).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void cancellingOneCallLeavesAnotherOnTheSameModelRunning() {
        Script.Reply slow = Script.text("x ", "y ", "z ", "w").chunkDelay(Duration.ofMillis(100));
        server.enqueue(slow, slow);
        ChatModel model = model();
        CancelSignal cancelFirst = new CancelSignal();
        ModelCall first = ModelCall.start(model, ask("One"), cancelFirst);
        ModelCall second = call(model, ask("Two"));
        first.events().awaitTextDeltas(1, WAIT);
        second.events().awaitTextDeltas(1, WAIT);
        cancelFirst.cancel();
        assertThat(first.reply(WAIT).finishReason()).isEqualTo(FinishReason.CANCELLED);
        ModelReply other = second.reply(WAIT);
        assertThat(other.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(other.text()).isEqualTo("x y z w");
    }

    /** The default settings with another first-token timeout. */
    protected final ModelSettings withFirstTokenTimeout(Duration timeout) {
        ModelSettings s = settings(server.baseUrl());
        return new ModelSettings(s.baseUrl(), s.model(), s.apiKey(), s.connectTimeout(), timeout, s.temperature(),
                s.maxOutputTokens());
    }
}
