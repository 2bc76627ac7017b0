package dev.tether.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.api.CancelSignal;
import dev.tether.api.model.ChatMessage;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.testkit.model.FakeOpenAiServer;
import dev.tether.testkit.model.Script;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Older turns are summarised into MEMORY.md in the background; the turn itself never waits for it. */
class MemoryConsolidationTest {
    @TempDir
    Path dir;

    @Test
    void historyThatNoLongerFitsIsSummarisedInTheBackgroundWithoutDelayingTheTurn() throws Exception {
        try (FakeOpenAiServer memoryServer = FakeOpenAiServer.start()) {
            // the summariser is slow: the turn must finish long before it does
            memoryServer.defaultScript(Script.text("- The user's cat ", "is called Miso.").chunkDelay(Duration.ofMillis(1500)));
            AgentSettings settings = new AgentSettings(5, 1_500, 100, Duration.ofSeconds(1), 4000);
            try (AgentHarness h = new AgentHarness(dir, settings,
                    Optional.of(AgentHarness.modelFor(memoryServer, Duration.ofSeconds(10))))) {
                String c = h.newConversation();
                h.store.appendUserMessage(c, "old-0", "My cat is called Miso.");
                h.store.appendMessage(NewMessage.assistant(c, "Nice name!", List.of(), MessageStatus.COMPLETE));
                for (int i = 1; i < 40; i++) {
                    h.store.appendUserMessage(c, "old-" + i, "filler question " + i + " " + "y".repeat(300));
                    h.store.appendMessage(NewMessage.assistant(c, "filler answer " + i, List.of(), MessageStatus.COMPLETE));
                }
                String before = Files.readString(h.workspace.root().resolve("MEMORY.md"));

                TurnOutcome outcome = h.agent.chat(c, "now", "what is new?", h.recorder(), CancelSignal.none());

                assertThat(outcome.status()).isEqualTo(MessageStatus.COMPLETE);
                assertThat(Files.readString(h.workspace.root().resolve("MEMORY.md"))).isEqualTo(before);
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        Files.readString(h.workspace.root().resolve("MEMORY.md")).contains("is called Miso."));
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        h.store.conversation(c).orElseThrow().summarisedUpTo() > 0);
                List<ChatMessage> summariserInput = memoryServer.takeRequest(Duration.ofSeconds(1)).requireChat().messages();
                assertThat(summariserInput.getLast()).isInstanceOfSatisfying(ChatMessage.User.class,
                        u -> assertThat(u.text()).contains("My cat is called Miso."));
            }
        }
    }
}
