package dev.tether.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.api.model.ChatMessage;
import dev.tether.server.ServerTest;
import dev.tether.testkit.model.Script;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/me/files}: a file put into the caller's own workspace, for their file tools to read. */
class UploadApiTest extends ServerTest<HttpHarness> {
    /** The limit these tests run with, small so that passing it is cheap. */
    static final int LIMIT = 4096;

    @BeforeEach
    void start() {
        h = new HttpHarness(dir, ProfileApiTest.TWO_USERS, "max-upload-bytes=" + LIMIT);
        h.token = Optional.of("secret"); // ada
    }

    private HttpResponse<String> upload(String name, byte[] body) {
        return h.send(h.request("/api/me/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private Path adas(String path) {
        return h.workspaces.of("ada").root().resolve(path);
    }

    @Test
    void aFileIsStoredInTheCallersUploadsAndATakenNameGetsANumber() throws Exception {
        HttpResponse<String> first = upload("sales.csv", "month,total\nMay,12\n".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> second = upload("sales.csv", "other".getBytes(StandardCharsets.UTF_8));

        assertThat(first.statusCode()).isEqualTo(201);
        JsonNode body = HttpHarness.json(first);
        assertThat(body.get("path").asText()).isEqualTo("uploads/sales.csv");
        assertThat(body.get("bytes").asLong()).isEqualTo(19);
        assertThat(adas("uploads/sales.csv")).hasContent("month,total\nMay,12\n");
        assertThat(HttpHarness.json(second).get("path").asText()).isEqualTo("uploads/sales (2).csv");
        assertThat(adas("uploads/sales (2).csv")).hasContent("other");
        assertThat(h.workspaces.of("bob").root().resolve("uploads")).doesNotExist();
        assertThat(h.workspace.root().resolve("uploads")).doesNotExist();
    }

    @Test
    void noNameReachesOutsideUploads() {
        for (String name : new String[] {"../../escape.txt", "..\\..\\escape.txt", "/etc/passwd", ".hidden", "a<b>:c?.txt"}) {
            HttpResponse<String> r = upload(name, "x".getBytes(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(name).isEqualTo(201);
            String path = HttpHarness.json(r).get("path").asText();
            assertThat(path).as(name).startsWith("uploads/").doesNotContain("..").doesNotContain("\\");
            assertThat(path.substring("uploads/".length())).doesNotStartWith(".").doesNotContain("/");
        }
        assertThat(h.workspaces.of("ada").root().resolve("escape.txt")).doesNotExist();
        assertThat(dir.resolve("escape.txt")).doesNotExist();
    }

    @Test
    void aFileOverTheLimitIsRefusedAndNothingIsKept() throws Exception {
        byte[] big = new byte[LIMIT + 1];
        HttpResponse<String> announced = upload("big.bin", big);
        // sent without a length (chunked): refused once the limit is passed while reading
        HttpResponse<String> streamed = h.send(h.request("/api/me/files?name=big.bin")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());

        for (HttpResponse<String> r : List.of(announced, streamed)) {
            assertThat(r.statusCode()).isEqualTo(413);
            JsonNode error = HttpHarness.json(r).get("error");
            assertThat(error.get("code").asText()).isEqualTo("too_large");
            assertThat(error.get("message").asText()).startsWith("The file has ").endsWith(" bytes; uploads hold at "
                    + "most 4,096 (server.max-upload-bytes). Send a smaller file, or a part of it.");
        }
        assertThat(HttpHarness.json(announced).get("error").get("message").asText()).startsWith("The file has "
                + "4,097 bytes");
        assertThat(upload("exact.bin", new byte[LIMIT]).statusCode()).isEqualTo(201); // the limit itself is fine
        Files.delete(adas("uploads/exact.bin"));
        try (Stream<Path> left = Files.list(adas("uploads"))) {
            assertThat(left).isEmpty(); // the streamed one's partial file is gone too
        }
        HttpResponse<String> unnamed = h.send(h.request("/api/me/files").POST(HttpRequest.BodyPublishers.ofString("x"))
                .build());
        assertThat(unnamed.statusCode()).isEqualTo(400);
        assertThat(HttpHarness.json(unnamed).get("error").get("message").asText())
                .startsWith("Query parameter 'name' is required");
    }

    @Test
    void theAssistantReadsAnUploadWithItsFileTools() {
        upload("notes.txt", "The code word is heron.".getBytes(StandardCharsets.UTF_8));
        h.model.enqueue(Script.toolCall("call_1", "read_file", "{\"path\":\"uploads/notes.txt\"}"),
                Script.text("It says heron."));
        String conversation = h.store.createConversation("ada", "t").id();

        h.post("/api/conversations/" + conversation + "/messages",
                "{\"clientMessageId\":\"c1\",\"text\":\"What is in uploads/notes.txt?\"}");

        h.model.takeRequest(Duration.ofSeconds(10));
        var second = h.model.takeRequest(Duration.ofSeconds(10)).requireChat().messages();
        assertThat(second).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(ChatMessage.ToolResult.class,
                r -> assertThat(r.content()).contains("The code word is heron.")));
    }

    @Test
    void withUploadsOffTheServerSaysSoAndStoresNothing() {
        h.close();
        h = new HttpHarness(dir.resolve("off"), ProfileApiTest.TWO_USERS, "max-upload-bytes=0");
        h.token = Optional.of("secret");

        HttpResponse<String> r = upload("notes.txt", "x".getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(HttpHarness.json(r).get("error").get("code").asText()).isEqualTo("uploads_off");
        assertThat(h.workspaces.of("ada").root().resolve("uploads")).doesNotExist();
    }
}
