package dev.tether.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.api.model.ChatMessage;
import dev.tether.gateway.Authenticator;
import dev.tether.server.ServerTest;
import dev.tether.store.MessageStatus;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.testkit.model.Script;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/models} and unstreamed {@code /v1/chat/completions}, as an OpenAI client sees them. */
class ChatCompletionsTest extends ServerTest<HttpHarness> {
    private HttpHarness harness() {
        h = new HttpHarness(dir, HttpHarness.ADA_ONLY);
        return h;
    }

    @AfterEach
    void theModelSawNoProtocolViolations() {
        if (h != null) {
            assertThat(h.model.protocolViolations()).isEmpty();
        }
    }

    private List<StoredMessage> stored(String conversation) {
        return h.store.history(conversation, Optional.empty(), 100).items().reversed();
    }

    @Test
    void modelsListsTheAgentAsTheOneModel() {
        JsonNode body = HttpHarness.json(harness().get("/v1/models"));

        assertThat(body.get("object").asText()).isEqualTo("list");
        assertThat(body.get("data")).hasSize(1);
        JsonNode model = body.get("data").get(0);
        assertThat(model.get("id").asText()).isEqualTo("tether");
        assertThat(model.get("object").asText()).isEqualTo("model");
        assertThat(model.get("created").isIntegralNumber()).isTrue();
        assertThat(model.get("owned_by").asText()).isEqualTo("tether");
    }

    @Test
    void theModelCanBeReadByIdAndOtherIdsAre404() {
        JsonNode model = HttpHarness.json(harness().get("/v1/models/tether"));
        HttpResponse<String> other = h.get("/v1/models/gpt-4o");

        assertThat(model.get("id").asText()).isEqualTo("tether");
        assertThat(model.get("object").asText()).isEqualTo("model");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(HttpHarness.json(other).get("error").get("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void anAnswerHasOpenAisShapeAndIsStoredInANewConversationOfTheCaller() {
        harness().model.enqueue(Script.text("Hel", "lo there").usage(12, 3));

        HttpResponse<String> r = h.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\\nplease\"}]}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String conversation = r.headers().firstValue("X-Tether-Conversation").orElseThrow();
        JsonNode body = HttpHarness.json(r);
        assertThat(body.get("id").asText()).isEqualTo("chatcmpl-" + conversation);
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("created").asLong()).isCloseTo(System.currentTimeMillis() / 1000, within(60L));
        assertThat(body.get("model").asText()).isEqualTo("tether");
        assertThat(body.get("choices")).hasSize(1);
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").asText()).isEqualTo("Hello there");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(12);
        assertThat(body.get("usage").get("completion_tokens").asInt()).isEqualTo(3);
        assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(15);

        var c = h.store.conversation(conversation).orElseThrow();
        assertThat(c.owner()).isEqualTo("ada");
        assertThat(c.title()).isEqualTo("Say hello");
        assertThat(stored(conversation)).extracting(StoredMessage::role, StoredMessage::content, StoredMessage::status)
                .containsExactly(
                        tuple(Role.USER, "Say hello\nplease", MessageStatus.COMPLETE),
                        tuple(Role.ASSISTANT, "Hello there", MessageStatus.COMPLETE));
    }

    @Test
    void theTurnsThinkingIsTheMessagesReasoningContentAndAbsentWithoutIt() {
        harness().model.enqueue(Script.toolCall("call_1", "list_dir", "{\"path\":\".\"}").thinking("Look. "),
                Script.text("Empty.").thinking("Nothing there."), Script.text("Plain."));

        JsonNode thought = HttpHarness.json(h.post("/v1/chat/completions",
                "{\"model\":\"tether\",\"messages\":[{\"role\":\"user\",\"content\":\"What is there?\"}]}"));
        JsonNode plain = HttpHarness.json(h.post("/v1/chat/completions",
                "{\"model\":\"tether\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));

        JsonNode message = thought.get("choices").get(0).get("message");
        assertThat(message.get("content").asText()).isEqualTo("Empty.");
        assertThat(message.get("reasoning_content").asText()).isEqualTo("Look. Nothing there.");
        assertThat(plain.get("choices").get(0).get("message").has("reasoning_content")).isFalse();
    }

    @Test
    void earlierMessagesBecomeHistoryAndSystemTextLeadsTheFirstUserMessage() {
        harness().model.enqueue(Script.text("Paris."));

        HttpResponse<String> r = h.post("/v1/chat/completions", """
                {"model":"tether","messages":[
                  {"role":"system","content":"Answer in one word."},
                  {"role":"user","content":[{"type":"text","text":"Capital of Italy?"}]},
                  {"role":"assistant","content":"Rome."},
                  {"role":"assistant","content":null,"tool_calls":[]},
                  {"role":"user","content":"And France?"}]}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String conversation = r.headers().firstValue("X-Tether-Conversation").orElseThrow();
        assertThat(stored(conversation)).extracting(StoredMessage::role, StoredMessage::content).containsExactly(
                tuple(Role.USER, "Answer in one word.\n\nCapital of Italy?"),
                tuple(Role.ASSISTANT, "Rome."),
                tuple(Role.USER, "And France?"),
                tuple(Role.ASSISTANT, "Paris."));
        List<ChatMessage> sent = h.model.takeRequest(Duration.ofSeconds(5)).requireChat().messages();
        assertThat(sent.subList(sent.size() - 3, sent.size())).containsExactly(
                new ChatMessage.User("Answer in one word.\n\nCapital of Italy?"),
                new ChatMessage.Assistant("Rome.", List.of()),
                new ChatMessage.User("And France?"));
        assertThat(h.store.conversation(conversation).orElseThrow().title()).isEqualTo("And France?");
    }

    @Test
    void aRateLimitedModelIs429InOpenAisErrorShapeWithTheModelsRetryAfter() {
        harness().model.enqueue(Script.error(429, "Slow down").retryAfter(java.time.Duration.ofSeconds(7)));

        HttpResponse<String> r = h.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).contains("7");
        JsonNode e = HttpHarness.json(r).get("error");
        assertThat(e.get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(e.get("code").asText()).isEqualTo("model_rate_limited");
        assertThat(e.get("message").asText()).isNotBlank();
    }

    @Test
    void aModelServerErrorIs503AndARejectedRequestIs502() {
        harness().model.enqueue(Script.error(500, "Boom"), Script.error(400, "Bad request upstream"));
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

        HttpResponse<String> serverError = h.post("/v1/chat/completions", body);
        HttpResponse<String> rejected = h.post("/v1/chat/completions", body);

        assertThat(serverError.statusCode()).as(serverError.body()).isEqualTo(503);
        assertThat(HttpHarness.json(serverError).get("error").get("type").asText()).isEqualTo("server_error");
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(502);
        assertThat(HttpHarness.json(rejected).get("error").get("code").asText()).isEqualTo("model_rejected");
    }

    @Test
    void withoutAuthenticationNoHeaderIsNeeded() {
        h = new HttpHarness(dir, Authenticator.none());
        h.token = Optional.empty();
        h.model.enqueue(Script.text("ok"));

        HttpResponse<String> r = h.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String conversation = r.headers().firstValue("X-Tether-Conversation").orElseThrow();
        assertThat(h.store.conversation(conversation).orElseThrow().owner()).isEqualTo("local");
    }
}
