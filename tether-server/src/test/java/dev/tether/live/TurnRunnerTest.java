package dev.tether.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.server.TestServer;
import dev.tether.testkit.model.Script;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TurnRunnerTest {
    @TempDir
    Path dir;

    @Test
    void theQueueHoldsOnlyOpenRepliesSoTheServerDoesNotGrowWithHistory() {
        try (TestServer h = new TestServer(dir)) {
            h.model.defaultScript(Script.text("a", "b").chunkDelay(Duration.ofMillis(300)));
            TurnRunner turns = h.server.turns();
            for (int i = 0; i < 5; i++) {
                String conversation = h.conversation("local");
                turns.send(conversation, "m1", "first");
                turns.send(conversation, "m2", "queued behind it");
            }
            assertThat(turns.stats().open()).isEqualTo(10);

            await().atMost(Duration.ofSeconds(20)).until(() -> turns.running() == 0 && turns.stats().open() == 0);
            assertThat(h.model.requests()).hasSize(10);
        }
    }
}
