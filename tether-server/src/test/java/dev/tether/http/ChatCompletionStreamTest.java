package dev.tether.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.api.model.ChatMessage;
import dev.tether.server.ServerTest;
import dev.tether.store.MessageStatus;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.testkit.model.Script;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streamed {@code /v1/chat/completions}: the exact SSE wire format, tools, failures and disconnects. */
class ChatCompletionStreamTest extends ServerTest<HttpHarness> {
    private static final String ASK = "{\"model\":\"tether\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    @BeforeEach
    void start() {
        h = new HttpHarness(dir, HttpHarness.ADA_ONLY);
    }

    @AfterEach
    void theModelSawNoProtocolViolations() {
        if (h != null) {
            assertThat(h.model.protocolViolations()).isEmpty();
        }
    }

    /** The payloads of the {@code data:} events, checking that the body is nothing but such events. */
    private static List<String> events(String body) {
        assertThat(body).endsWith("\n\n");
        List<String> events = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            assertThat(event).startsWith("data: ").doesNotContain("\n");
            events.add(event.substring("data: ".length()));
        }
        return events;
    }

    private static String contentOf(List<String> events) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> !e.equals("[DONE]")).map(HttpHarness::json)
                .map(e -> e.path("choices").path(0).path("delta").path("content"))
                .filter(JsonNode::isTextual).forEach(c -> text.append(c.asText()));
        return text.toString();
    }

    /** Posts a streamed request with the Accept-Encoding OpenAI's SDKs send: the stream must stay uncompressed. */
    private HttpResponse<String> stream(String body) {
        return h.send(h.request("/v1/chat/completions").header("Content-Type", "application/json")
                .header("Accept-Encoding", "gzip, deflate, br").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private List<StoredMessage> assistantMessages(String conversation) {
        return h.store.history(conversation, Optional.empty(), 100).items().reversed().stream()
                .filter(m -> m.role() == Role.ASSISTANT).toList();
    }

    /** What every chunk of the response starts with, up to its {@code delta}. */
    private static String chunkHead(HttpResponse<String> r, String conversation) {
        long created = HttpHarness.json(events(r.body()).getFirst()).get("created").asLong();
        return "data: {\"id\":\"chatcmpl-" + conversation + "\",\"object\":\"chat.completion.chunk\",\"created\":"
                + created + ",\"model\":\"tether\",\"choices\":[{\"index\":0,\"delta\":";
    }

    @Test
    void streamsOneChunkPerDeltaInOpenAisExactWireFormat() {
        h.model.enqueue(Script.text("Hel", "lo", " there"));

        HttpResponse<String> r = stream(ASK);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String conversation = r.headers().firstValue("X-Tether-Conversation").orElseThrow();
        String head = chunkHead(r, conversation);
        assertThat(r.body()).isEqualTo(
                head + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
                + head + "{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n"
                + head + "{\"content\":\"lo\"},\"finish_reason\":null}]}\n\n"
                + head + "{\"content\":\" there\"},\"finish_reason\":null}]}\n\n"
                + head + "{},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: [DONE]\n\n");
        assertThat(assistantMessages(conversation)).extracting(StoredMessage::content).containsExactly("Hello there");
    }

    @Test
    void thinkingStreamsAsReasoningContentChunksBeforeTheText() {
        h.model.enqueue(Script.text("42.").thinking("Six times", " seven."));

        HttpResponse<String> r = stream(ASK);

        assertThat(r.statusCode()).isEqualTo(200);
        String conversation = r.headers().firstValue("X-Tether-Conversation").orElseThrow();
        String head = chunkHead(r, conversation);
        assertThat(r.body()).isEqualTo(
                head + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
                + head + "{\"reasoning_content\":\"Six times\"},\"finish_reason\":null}]}\n\n"
                + head + "{\"reasoning_content\":\" seven.\"},\"finish_reason\":null}]}\n\n"
                + head + "{\"content\":\"42.\"},\"finish_reason\":null}]}\n\n"
                + head + "{},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: [DONE]\n\n");
        assertThat(assistantMessages(conversation)).extracting(StoredMessage::thinking)
                .containsExactly("Six times seven.");
    }

    @Test
    void aToolCallRunsInsideTheAgentAndTheClientGetsOnlyText() throws IOException {
        Files.writeString(h.workspaces.of("ada").root().resolve("notes.md"), "The code word is heron.");
        h.model.enqueue(Script.text("Let me look. ").toolCall("call_1", "read_file", "{\"path\":", "\"notes.md\"}"),
                Script.text("The code word ", "is heron."));

        HttpResponse<String> r = stream(ASK);

        assertThat(r.statusCode()).isEqualTo(200);
        List<String> events = events(r.body());
        assertThat(r.body()).doesNotContain("tool_calls").doesNotContain("read_file");
        assertThat(contentOf(events)).isEqualTo("Let me look. The code word is heron.");
        assertThat(HttpHarness.json(events.get(events.size() - 2)).at("/choices/0/finish_reason").asText())
                .isEqualTo("stop");
        assertThat(events.getLast()).isEqualTo("[DONE]");

        h.model.takeRequest(Duration.ofSeconds(5));
        List<ChatMessage> second = h.model.takeRequest(Duration.ofSeconds(5)).requireChat().messages();
        assertThat(second.getLast()).isInstanceOfSatisfying(ChatMessage.ToolResult.class,
                t -> assertThat(t.content()).contains("The code word is heron."));
        String conversation = r.headers().firstValue("X-Tether-Conversation").orElseThrow();
        assertThat(String.join("", assistantMessages(conversation).stream().map(StoredMessage::content).toList()))
                .isEqualTo(contentOf(events));
    }

    @Test
    void includeUsageAddsAUsageChunkBeforeDone() {
        h.model.enqueue(Script.text("ok").usage(9, 1));

        HttpResponse<String> r = stream("{\"stream\":true,\"stream_options\":"
                + "{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        List<String> events = events(r.body());
        JsonNode usage = HttpHarness.json(events.get(events.size() - 2));
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.get("usage").get("prompt_tokens").asInt()).isEqualTo(9);
        assertThat(usage.get("usage").get("completion_tokens").asInt()).isEqualTo(1);
        assertThat(usage.get("usage").get("total_tokens").asInt()).isEqualTo(10);
        assertThat(events.getLast()).isEqualTo("[DONE]");
    }

    @Test
    void aTurnThatFailsMidStreamEndsWithAnOpenAiErrorThenDone() {
        h.model.enqueue(Script.text("Par", "tial").errorAfter(1, 500, "Boom"));

        HttpResponse<String> r = stream(ASK);

        assertThat(r.statusCode()).isEqualTo(200);
        List<String> events = events(r.body());
        assertThat(contentOf(events)).isEqualTo("Par");
        JsonNode error = HttpHarness.json(events.get(events.size() - 2)).get("error");
        assertThat(error.get("type").asText()).isEqualTo("server_error");
        assertThat(error.get("code").asText()).isEqualTo("model_server_error");
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(events.getLast()).isEqualTo("[DONE]");
    }

    @Test
    void aClientThatDisconnectsMidStreamStopsTheTurnAndTheModelRequest() throws IOException {
        List<String> chunks = IntStream.range(0, 100).mapToObj(i -> "w" + i + " ").toList();
        h.model.enqueue(Script.text(chunks.toArray(String[]::new)).chunkDelay(Duration.ofMillis(100)));
        byte[] body = ASK.getBytes(StandardCharsets.UTF_8);

        try (Socket socket = new Socket("127.0.0.1", h.server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + HttpHarness.TOKEN + "\r\nAccept-Encoding: gzip, deflate, br\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            readUntil(socket.getInputStream(), "\"content\":\"w0 \"");
        }

        h.model.awaitClientAborts(1, Duration.ofSeconds(10));
        String conversation = h.store.conversations("ada", Optional.empty(), 1).items().getFirst().id();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(assistantMessages(conversation))
                .singleElement().satisfies(m -> {
                    assertThat(m.status()).isEqualTo(MessageStatus.STOPPED);
                    assertThat(m.content()).startsWith("w0 ").isNotEqualTo(String.join("", chunks));
                }));
    }

    /** Reads the raw response until {@code marker} has arrived: proof that each chunk is flushed at once. */
    private static void readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (!seen.toString().contains(marker)) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new AssertionError("Stream ended before " + marker + ":\n" + seen);
            }
            seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
    }
}
