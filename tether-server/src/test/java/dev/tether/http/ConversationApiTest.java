package dev.tether.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.server.ServerTest;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.store.StoredMessage;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API for conversations and paged history, over real HTTP, as user "ada". */
class ConversationApiTest extends ServerTest<HttpHarness> {
    @BeforeEach
    void start() {
        h = new HttpHarness(dir, HttpHarness.ADA_ONLY);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void listsOnlyTheCallersOwnConversations() {
        String mine = h.store.createConversation("ada", "Mine").id();
        h.store.createConversation("bob", "Bob's");

        HttpResponse<String> response = h.get("/api/conversations");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        JsonNode body = HttpHarness.json(response);
        assertThat(ids(body)).containsExactly(mine);
        JsonNode item = body.get("items").get(0);
        assertThat(item.get("title").asText()).isEqualTo("Mine");
        assertThat(item.get("createdAt").isIntegralNumber()).isTrue();
        assertThat(item.get("updatedAt").asLong()).isGreaterThanOrEqualTo(item.get("createdAt").asLong());
        assertThat(body.has("next")).isFalse();
    }

    @Test
    void pagesThroughConversationsWithTheNextCursorUntilItIsAbsent() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(h.store.createConversation("ada", "c" + i).id());
        }
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String path = "/api/conversations?limit=2";
        while (path != null) {
            JsonNode page = HttpHarness.json(h.get(path));
            seen.addAll(ids(page));
            sizes.add(page.get("items").size());
            path = page.has("next") ? "/api/conversations?limit=2&cursor=" + q(page.get("next").asText()) : null;
        }
        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void createsAConversationAnd201WithOrWithoutATitle() {
        HttpResponse<String> titled = h.post("/api/conversations", "{\"title\":\"Trip to Kyoto\"}");
        HttpResponse<String> untitled = h.post("/api/conversations", "");

        assertThat(titled.statusCode()).isEqualTo(201);
        JsonNode body = HttpHarness.json(titled);
        assertThat(body.get("title").asText()).isEqualTo("Trip to Kyoto");
        assertThat(h.store.conversation(body.get("id").asText())).hasValueSatisfying(
                c -> assertThat(c.owner()).isEqualTo("ada"));
        assertThat(untitled.statusCode()).isEqualTo(201);
        assertThat(HttpHarness.json(untitled).get("title").asText()).isEqualTo("New chat");
    }

    @Test
    void readsAndRenamesAConversation() {
        String id = h.store.createConversation("ada", "Old").id();

        HttpResponse<String> renamed = h.patch("/api/conversations/" + id, "{\"title\":\"  New name  \"}");
        HttpResponse<String> read = h.get("/api/conversations/" + id);

        assertThat(renamed.statusCode()).isEqualTo(200);
        assertThat(HttpHarness.json(renamed).get("title").asText()).isEqualTo("New name");
        assertThat(HttpHarness.json(read).get("id").asText()).isEqualTo(id);
        assertThat(HttpHarness.json(read).get("title").asText()).isEqualTo("New name");
    }

    @Test
    void pagesMessagesOldestFirstWithinAPageAndNextGoesToOlderOnes() {
        String id = h.store.createConversation("ada", "t").id();
        for (int i = 1; i <= 5; i++) {
            h.store.appendUserMessage(id, "u" + i, "m" + i);
        }
        List<List<String>> pages = new ArrayList<>();
        String path = "/api/conversations/" + id + "/messages?limit=2";
        while (path != null) {
            JsonNode page = HttpHarness.json(h.get(path));
            List<String> texts = new ArrayList<>();
            page.get("items").forEach(m -> texts.add(m.get("text").asText()));
            pages.add(texts);
            path = page.has("next") ? "/api/conversations/" + id + "/messages?limit=2&cursor="
                    + q(page.get("next").asText()) : null;
        }
        assertThat(pages).containsExactly(List.of("m4", "m5"), List.of("m2", "m3"), List.of("m1"));
    }

    @Test
    void messagesUseTheProtocolsMessageShape() {
        String id = h.store.createConversation("ada", "t").id();
        h.store.appendUserMessage(id, "u-1", "Hello");

        JsonNode m = HttpHarness.json(h.get("/api/conversations/" + id + "/messages")).get("items").get(0);

        assertThat(m.get("id").isIntegralNumber()).isTrue();
        assertThat(m.get("role").asText()).isEqualTo("user");
        assertThat(m.get("text").asText()).isEqualTo("Hello");
        assertThat(m.get("status").asText()).isEqualTo("complete");
        assertThat(m.get("clientMessageId").asText()).isEqualTo("u-1");
        assertThat(m.get("at").isIntegralNumber()).isTrue();
        assertThat(m.has("toolCalls")).isFalse();
    }

    @Test
    void anotherUsersConversationAndAnUnknownIdGetTheSame404() {
        String bobs = h.store.createConversation("bob", "Bob's").id();

        for (String id : List.of(bobs, "no-such-id")) {
            for (HttpResponse<String> r : List.of(h.get("/api/conversations/" + id),
                    h.get("/api/conversations/" + id + "/messages"),
                    h.patch("/api/conversations/" + id, "{\"title\":\"mine now\"}"),
                    h.send(h.request("/api/conversations/" + id).DELETE().build()))) {
                assertThat(r.statusCode()).isEqualTo(404);
                JsonNode error = HttpHarness.json(r).get("error");
                assertThat(error.get("code").asText()).isEqualTo("not_found");
                assertThat(error.get("message").asText()).isEqualTo("No conversation '" + id
                        + "' for this user. List yours with GET /api/conversations.");
                assertThat(error.get("retryable").asBoolean()).isFalse();
            }
        }
        assertThat(h.store.conversation(bobs).orElseThrow().title()).isEqualTo("Bob's");
    }

    @Test
    void deletesAConversationWithItsMessagesAnd204() {
        String doomed = h.store.createConversation("ada", "Doomed").id();
        String kept = h.store.createConversation("ada", "Kept").id();
        long question = h.store.appendUserMessage(doomed, "c1", "Question").message().id();

        HttpResponse<String> deleted = h.send(h.request("/api/conversations/" + doomed).DELETE().build());

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(ids(HttpHarness.json(h.get("/api/conversations")))).containsExactly(kept);
        assertThat(h.get("/api/conversations/" + doomed).statusCode()).isEqualTo(404);
        assertThat(h.get("/api/conversations/" + doomed + "/messages").statusCode()).isEqualTo(404);
        assertThat(h.store.message(question)).isEmpty();
        HttpResponse<String> again = h.send(h.request("/api/conversations/" + doomed).DELETE().build());
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(HttpHarness.json(h.post("/api/conversations/" + doomed + "/messages",
                "{\"clientMessageId\":\"c2\",\"text\":\"Anyone?\"}")).get("error").get("code").asText())
                .isEqualTo("not_found");
    }

    @Test
    void qFindsConversationsByTitleAndPagesTheSameQuery() {
        List<String> kyoto = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            kyoto.add(h.store.createConversation("ada", "Kyoto day " + i).id());
            h.store.createConversation("ada", "Groceries " + i);
        }
        h.store.createConversation("bob", "Kyoto with Bob");

        List<String> seen = new ArrayList<>();
        String path = "/api/conversations?limit=2&q=" + q(" kyoto ");
        while (path != null) {
            JsonNode page = HttpHarness.json(h.get(path));
            seen.addAll(ids(page));
            path = page.has("next") ? "/api/conversations?limit=2&q=kyoto&cursor=" + q(page.get("next").asText()) : null;
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(kyoto);
        assertThat(ids(HttpHarness.json(h.get("/api/conversations?q=")))).hasSize(6); // blank: no filter

        HttpResponse<String> tooLong = h.get("/api/conversations?q=" + "x".repeat(201));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(HttpHarness.json(tooLong).get("error").get("message").asText())
                .isEqualTo("Query parameter 'q' must be at most 200 characters but had 201. Search for a shorter part "
                        + "of a title or message.");
    }

    @Test
    void qFindsConversationsByWhatWasSaidInThemWithTheMatchedMessage() {
        String said = h.store.createConversation("ada", "Plans").id();
        h.store.appendUserMessage(said, "u-1", "When does the aquarium open?");
        StoredMessage answer = h.store.appendMessage(NewMessage.assistant(said, "The  Aquarium\nopens at nine.",
                List.of(), MessageStatus.COMPLETE));
        String titled = h.store.createConversation("ada", "Aquarium tickets").id();
        String tool = h.store.createConversation("ada", "Files").id();
        h.store.appendMessage(NewMessage.toolResult(tool, "call-1", "read_file", "aquarium.md: fish"));
        h.store.appendUserMessage(h.store.createConversation("bob", "Bob's").id(), "u-2", "aquarium?");

        JsonNode page = HttpHarness.json(h.get("/api/conversations?q=" + q("AQUARIUM")));

        assertThat(ids(page)).containsExactlyInAnyOrder(said, titled);
        JsonNode items = page.get("items");
        JsonNode byTitle = items.get(0).get("id").asText().equals(titled) ? items.get(0) : items.get(1);
        JsonNode byMessage = items.get(0).get("id").asText().equals(said) ? items.get(0) : items.get(1);
        assertThat(byTitle.has("match")).as("found by its title only").isFalse();
        assertThat(byMessage.get("title").asText()).isEqualTo("Plans");
        assertThat(byMessage.get("updatedAt").isIntegralNumber()).isTrue();
        assertThat(byMessage.get("match").get("messageId").asLong()).isEqualTo(answer.id());
        assertThat(byMessage.get("match").get("role").asText()).isEqualTo("assistant");
        assertThat(byMessage.get("match").get("snippet").asText()).isEqualTo("The Aquarium opens at nine.");
        assertThat(byMessage.get("match").get("at").asLong()).isEqualTo(answer.createdAt().toEpochMilli());
        List<String> fields = new ArrayList<>();
        byMessage.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id", "title", "createdAt", "updatedAt", "match");
    }
}
