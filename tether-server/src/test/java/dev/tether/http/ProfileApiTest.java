package dev.tether.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.api.model.ChatMessage;
import dev.tether.gateway.Authenticator;
import dev.tether.server.ServerTest;
import dev.tether.store.TokenOwner;
import dev.tether.testkit.model.Script;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/me}: what the assistant knows of the caller, theirs alone to read, change and forget. */
class ProfileApiTest extends ServerTest<HttpHarness> {
    /** "secret" is ada, "bobs" is bob. */
    static final Authenticator TWO_USERS = token -> token.map(Map.of("secret", "ada", "bobs", "bob")::get)
            .map(user -> new TokenOwner(user, "t-" + user));

    @BeforeEach
    void start() {
        h = new HttpHarness(dir, TWO_USERS);
    }

    private JsonNode me(String token) {
        h.token = Optional.of(token);
        return HttpHarness.json(h.get("/api/me"));
    }

    @Test
    void aUserSeesAndChangesOnlyWhatTheAssistantKnowsOfThem() {
        h.workspaces.of("ada").appendMemory("- Ada's project is code-named Heron.");

        JsonNode ada = me("secret");
        assertThat(ada.get("user").asText()).isEqualTo("ada");
        assertThat(ada.get("about").asText()).startsWith("# User"); // the template of a new workspace
        assertThat(ada.get("memory").asText()).contains("Heron");

        h.token = Optional.of("secret");
        HttpResponse<String> saved = h.patch("/api/me", "{\"about\":\"I am Ada, a pilot in Lisbon.\"}");
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(HttpHarness.json(saved).get("about").asText()).isEqualTo("I am Ada, a pilot in Lisbon.\n");

        JsonNode bob = me("bobs");
        assertThat(bob.get("user").asText()).isEqualTo("bob");
        assertThat(bob.get("about").asText()).doesNotContain("Ada");
        assertThat(bob.get("memory").asText()).doesNotContain("Heron");
        assertThat(h.workspaces.of("ada").aboutUser()).isEqualTo("I am Ada, a pilot in Lisbon.\n");
        assertThat(h.workspace.aboutUser()).doesNotContain("Ada");
    }

    @Test
    void whatTheUserSaysAboutThemselvesIsInTheirNextTurn() {
        h.token = Optional.of("secret");
        h.patch("/api/me", "{\"about\":\"Always answer in French.\"}");
        h.model.enqueue(Script.text("Bonjour"));
        String conversation = h.store.createConversation("ada", "t").id();

        h.post("/api/conversations/" + conversation + "/messages", "{\"clientMessageId\":\"c1\",\"text\":\"Hi\"}");

        ChatMessage system = h.model.takeRequest(Duration.ofSeconds(10)).requireChat().messages().getFirst();
        assertThat(((ChatMessage.System) system).text()).contains("Always answer in French.");
    }

    @Test
    void forgettingTheMemoryEmptiesItForThatUserOnly() {
        h.workspaces.of("ada").appendMemory("- Ada's project is code-named Heron.");
        h.workspaces.of("bob").appendMemory("- Bob flies on Tuesdays.");
        h.token = Optional.of("secret");

        HttpResponse<String> forgotten = h.send(h.request("/api/me/memory").DELETE().build());

        assertThat(forgotten.statusCode()).isEqualTo(204);
        assertThat(me("secret").get("memory").asText()).startsWith("# Memory").doesNotContain("Heron");
        assertThat(me("bobs").get("memory").asText()).contains("Tuesdays");
    }

    @Test
    void aMissingOrOverlongAboutIsRefusedSayingWhyAndNothingChanges() {
        h.token = Optional.of("secret");
        String before = me("secret").get("about").asText();

        HttpResponse<String> missing = h.patch("/api/me", "{\"name\":\"Ada\"}");
        HttpResponse<String> tooLong = h.patch("/api/me", "{\"about\":\"" + "x".repeat(16_001) + "\"}");
        h.token = Optional.empty();
        HttpResponse<String> anonymous = h.get("/api/me");

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(HttpHarness.json(missing).get("error").get("message").asText()).contains("Field 'about' is required");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(HttpHarness.json(tooLong).get("error").get("message").asText())
                .isEqualTo("Field 'about' must be at most 16000 characters but had 16001. Keep what matters for every "
                        + "conversation.");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(me("secret").get("about").asText()).isEqualTo(before);
    }
}
