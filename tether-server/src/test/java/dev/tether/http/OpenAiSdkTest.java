package dev.tether.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.tether.server.ServerTest;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.testkit.model.Script;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1} as unchanged OpenAI clients use it: OpenAI's own Java SDK (its OkHttp transport, its SSE parser, its
 * error mapping) and LangChain4j's OpenAI client, each given only a base URL and the user's token. The wire format
 * itself is pinned byte for byte in {@link ChatCompletionStreamTest}; this proves real clients read it.
 */
class OpenAiSdkTest extends ServerTest<HttpHarness> {
    @BeforeEach
    void start() {
        h = new HttpHarness(dir, HttpHarness.ADA_ONLY);
    }

    @AfterEach
    void theModelSawNoProtocolViolations() {
        assertThat(h.model.protocolViolations()).isEmpty();
    }

    private String baseUrl() {
        return h.uri("/v1").toString();
    }

    /** The SDK as an application would build it; no retries, so a refusal is seen once. */
    private OpenAIClient sdk(String token) {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl()).apiKey(token).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    private static ChatCompletionCreateParams ask(String text) {
        return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(text).build();
    }

    private List<StoredMessage> stored(String conversation) {
        return h.store.history(conversation, Optional.empty(), 100).items().reversed();
    }

    @Test
    void theSdkListsAndRetrievesTheAgentAsTheOneModel() {
        OpenAIClient client = sdk(HttpHarness.TOKEN);

        List<Model> models = client.models().list().data();
        Model tether = client.models().retrieve("tether");

        assertThat(models).extracting(Model::id).containsExactly("tether");
        assertThat(tether.ownedBy()).isEqualTo("tether");
        assertThatThrownBy(() -> client.models().retrieve("gpt-4o")).isInstanceOfSatisfying(NotFoundException.class,
                e -> assertThat(e.code()).contains("model_not_found"));
    }

    @Test
    void theSdkGetsTheAnswerItsUsageAndTheConversationHeader() {
        h.model.enqueue(Script.text("Hel", "lo there").usage(12, 3));

        HttpResponseFor<ChatCompletion> raw = sdk(HttpHarness.TOKEN).chat().completions().withRawResponse()
                .create(ask("Say hello"));
        ChatCompletion answer = raw.parse();

        String conversation = raw.headers().values("X-Tether-Conversation").getFirst();
        assertThat(answer.id()).isEqualTo("chatcmpl-" + conversation);
        assertThat(answer.choices()).singleElement().satisfies(c -> {
            assertThat(c.message().content()).contains("Hello there");
            assertThat(c.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        });
        assertThat(answer.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(12);
            assertThat(u.completionTokens()).isEqualTo(3);
            assertThat(u.totalTokens()).isEqualTo(15);
        });
        assertThat(stored(conversation)).extracting(StoredMessage::role, StoredMessage::content)
                .containsExactly(tuple(Role.USER, "Say hello"),
                        tuple(Role.ASSISTANT, "Hello there"));
    }

    @Test
    void theSdkStreamsTheAgentsReplyWithTheToolRunInsideAndUsageLast() throws Exception {
        Files.writeString(h.workspaces.of("ada").root().resolve("notes.md"), "The code word is heron.");
        h.model.enqueue(Script.text("Let me look. ").toolCall("call_1", "read_file", "{\"path\":", "\"notes.md\"}"),
                Script.text("The code word ", "is heron.").usage(20, 5));
        ChatCompletionCreateParams params = ask("What is in notes.md?").toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();

        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<String> deltas = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = sdk(HttpHarness.TOKEN).chat().completions()
                .createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                accumulator.accumulate(chunk);
                chunk.choices().forEach(c -> c.delta().content().filter(t -> !t.isEmpty()).ifPresent(deltas::add));
            });
        }

        ChatCompletion whole = accumulator.chatCompletion();
        assertThat(deltas).hasSizeGreaterThan(1);
        assertThat(String.join("", deltas)).isEqualTo("Let me look. The code word is heron.");
        assertThat(whole.choices()).singleElement().satisfies(c -> {
            assertThat(c.message().content()).contains("Let me look. The code word is heron.");
            assertThat(c.message().toolCalls().orElse(List.of())).isEmpty(); // the agent ran it; the client never sees it
            assertThat(c.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        });
        assertThat(whole.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isPositive());
    }

    @Test
    void aWrongTokenIsTheSdksUnauthorizedException() {
        assertThatThrownBy(() -> sdk("not-the-token").chat().completions().create(ask("Hi")))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.code()).contains("unauthorized");
                });
        assertThat(h.model.requests()).isEmpty();
    }

    @Test
    void aRateLimitedModelIsTheSdksRateLimitExceptionWithTheRetryAfter() {
        h.model.enqueue(Script.error(429, "Slow down").retryAfter(Duration.ofSeconds(7)));

        assertThatThrownBy(() -> sdk(HttpHarness.TOKEN).chat().completions().create(ask("Hi")))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.headers().values("Retry-After")).containsExactly("7");
                    assertThat(e.code()).contains("model_rate_limited");
                    assertThat(e.type()).contains("rate_limit_error");
                });
    }

    @Test
    void aTurnFailingMidStreamIsTheSdksSseExceptionAfterTheTextSoFar() {
        h.model.enqueue(Script.text("Par", "tial").errorAfter(1, 500, "Boom"));
        List<String> deltas = new ArrayList<>();

        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = sdk(HttpHarness.TOKEN).chat().completions()
                    .createStreaming(ask("Hi"))) {
                stream.stream().forEach(chunk -> chunk.choices()
                        .forEach(c -> c.delta().content().filter(t -> !t.isEmpty()).ifPresent(deltas::add)));
            }
        }).isInstanceOfSatisfying(SseException.class, e -> assertThat(e.code()).contains("model_server_error"));
        assertThat(deltas).containsExactly("Par");
    }

    @Test
    void langChain4jsOpenAiClientStreamsFromTetherUnchanged() throws Exception {
        h.model.enqueue(Script.text("One, ", "two, ", "three."));
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(baseUrl())
                .apiKey(HttpHarness.TOKEN).modelName("tether").timeout(Duration.ofSeconds(20)).build();
        List<String> partials = new ArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        model.chat("Count to three", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partialResponse) {
                partials.add(partialResponse);
            }

            @Override
            public void onCompleteResponse(ChatResponse completeResponse) {
                done.complete(completeResponse);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });

        ChatResponse response = done.get(20, TimeUnit.SECONDS);
        assertThat(partials).containsExactly("One, ", "two, ", "three.");
        assertThat(response.aiMessage().text()).isEqualTo("One, two, three.");
        assertThat(response.finishReason()).hasToString("STOP");
    }
}
