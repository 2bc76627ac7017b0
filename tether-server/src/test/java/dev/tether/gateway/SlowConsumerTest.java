package dev.tether.gateway;

import dev.tether.server.TestServer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.store.Role;
import dev.tether.testkit.model.Script;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that stops reading is closed with 4009 once its bound is passed; others are unaffected. */
class SlowConsumerTest {
    private static final int CHUNKS = 1500;
    @TempDir
    Path dir;

    @Test
    void aFrozenReaderIsClosedAsSlowAndResumesWithoutLossWhileAnotherTabKeepsUp() throws Exception {
        // checkpoints rewrite the whole reply; for a 12 MB reply that would dominate the test, so they are rare here
        try (TestServer h = new TestServer(dir, Authenticator.none(), Duration.ofMinutes(5), "max-outgoing-bytes=65536")) {
            String conversation = h.conversation("local");
            String chunk = "y".repeat(4000);
            // paced like a (very fast) model: "keeps up" means the tab reads faster than the model writes. Unpaced,
            // the fake model in this JVM outruns any reader on a loaded 2-core machine and the fine tab is
            // rightly closed as slow too (CI run of 907d8d7, closed at frame 1,199 of 1,500).
            h.model.enqueue(Script.text(Collections.nCopies(CHUNKS, chunk).toArray(String[]::new))
                    .chunkDelay(Duration.ofMillis(3)));
            try (WsClient frozen = WsClient.hello(h.port()); WsClient fine = WsClient.hello(h.port())) {
                for (WsClient c : new WsClient[] {frozen, fine}) {
                    c.send("{\"type\":\"subscribe\",\"id\":\"s\",\"conversation\":\"" + conversation + "\"}");
                    c.await("snapshot");
                }
                String epoch = frozen.await("subscribed").get("epoch").asText();
                frozen.pauseReading();
                fine.send("{\"type\":\"send\",\"id\":\"m\",\"conversation\":\"" + conversation
                        + "\",\"clientMessageId\":\"u1\",\"text\":\"write a lot\"}");

                JsonNode done = fine.await(f -> f.path("type").asText().equals("turn_completed"), Duration.ofSeconds(180));
                frozen.resumeReading();
                assertThat(frozen.awaitClose(Duration.ofSeconds(30))).isEqualTo(4009);

                long last = frozen.frames.stream().filter(f -> f.has("seq") && !f.path("type").asText().equals("snapshot"))
                        .mapToLong(f -> f.get("seq").asLong()).max().orElse(0);
                StringBuilder text = new StringBuilder();
                frozen.ofType("delta").forEach(f -> text.append(f.get("text").asText()));
                try (WsClient back = WsClient.hello(h.port())) {
                    back.send("{\"type\":\"subscribe\",\"id\":\"r\",\"conversation\":\"" + conversation
                            + "\",\"epoch\":\"" + epoch + "\",\"after\":" + last + "}");
                    JsonNode subscribed = back.await("subscribed");
                    if (subscribed.get("resumed").asBoolean()) {
                        back.await("turn_completed");
                        back.ofType("delta").forEach(f -> text.append(f.get("text").asText()));
                        assertThat(text.toString()).isEqualTo(done.get("text").asText());
                    } else {
                        // the reply outgrew the replay cap: an explicit snapshot, never a partial replay
                        assertThat(back.await("snapshot").get("messages").toString()).contains("write a lot");
                    }
                }
                String stored = h.store.history(conversation, Optional.empty(), 5).items().stream()
                        .filter(m -> m.role() == Role.ASSISTANT).findFirst().orElseThrow().content();
                assertThat(stored).hasSize(CHUNKS * 4000).isEqualTo(done.get("text").asText());
            }
        }
    }
}
