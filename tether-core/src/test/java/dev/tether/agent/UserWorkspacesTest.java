package dev.tether.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.api.CancelSignal;
import dev.tether.api.model.ChatMessage;
import dev.tether.api.tool.ToolResult;
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

/** A conversation's turns use its owner's workspace: one user's memory and files never reach another's turns. */
class UserWorkspacesTest {
    @TempDir
    Path dir;

    private static String systemPrompt(AgentHarness h) {
        ChatMessage first = h.server.takeRequest(Duration.ofSeconds(1)).requireChat().messages().getFirst();
        return ((ChatMessage.System) first).text();
    }

    @Test
    void eachUsersSystemPromptHasTheirOwnMemoryAndUserFileOnly() throws Exception {
        try (AgentHarness h = new AgentHarness(dir, AgentSettings.defaults())) {
            h.workspaces.of("ada").appendMemory("- Ada's project is code-named Heron.");
            Files.writeString(h.workspaces.of("bob").root().resolve("USER.md"), "Bob is a pilot.");
            h.workspace.appendMemory("- The operator's memory.");
            h.server.enqueue(Script.text("hi Ada"), Script.text("hi Bob"), Script.text("hi you"));

            h.agent.chat(h.store.createConversation("ada", "a").id(), "a1", "hi", h.recorder(), CancelSignal.none());
            String ada = systemPrompt(h);
            h.agent.chat(h.store.createConversation("bob", "b").id(), "b1", "hi", h.recorder(), CancelSignal.none());
            String bob = systemPrompt(h);
            h.agent.chat(h.newConversation(), "c1", "hi", h.recorder(), CancelSignal.none());
            String operator = systemPrompt(h);

            assertThat(ada).contains("Heron").doesNotContain("pilot").doesNotContain("operator's memory")
                    .contains("You are Tether").contains(h.workspaces.of("ada").root().toString());
            assertThat(bob).contains("Bob is a pilot.").doesNotContain("Heron").doesNotContain("operator's memory");
            assertThat(operator).contains("operator's memory").doesNotContain("Heron").doesNotContain("pilot");
        }
    }

    @Test
    void fileToolsWorkInTheOwnersWorkspaceAndCannotReachAnotherUsers() throws Exception {
        try (AgentHarness h = new AgentHarness(dir, AgentSettings.defaults())) {
            Files.writeString(h.workspaces.of("ada").root().resolve("secret.md"), "Ada's secret");
            Files.writeString(h.workspace.root().resolve("ops.md"), "the operator's file");
            h.server.enqueue(
                    Script.toolCall("call_1", "read_file", "{\"path\":\"secret.md\"}"), Script.text("not there"),
                    Script.toolCall("call_2", "read_file", "{\"path\":\"../ada/secret.md\"}"), Script.text("refused"),
                    Script.toolCall("call_3", "read_file", "{\"path\":\"../../workspace/ops.md\"}"), Script.text("no"),
                    Script.toolCall("call_4", "write_file", "{\"path\":\"mine.md\",\"content\":\"Bob's\"}"),
                    Script.text("written"));
            String bobs = h.store.createConversation("bob", "b").id();

            for (String question : List.of("read secret.md", "read ../ada/secret.md", "read ops", "write mine.md")) {
                h.agent.chat(bobs, question, question, h.recorder(), CancelSignal.none());
            }

            List<ToolResult> results = h.events.stream().filter(e -> e instanceof AgentEvent.ToolCallFinished)
                    .map(e -> ((AgentEvent.ToolCallFinished) e).result()).toList();
            assertThat(results).hasSize(4);
            assertThat(results.subList(0, 3)).allSatisfy(r -> {
                assertThat(r).isInstanceOf(ToolResult.Failure.class);
                assertThat(r.forModel()).doesNotContain("Ada's secret").doesNotContain("the operator's file");
            });
            assertThat(results.get(3)).isInstanceOf(ToolResult.Success.class);
            assertThat(h.workspaces.of("bob").root().resolve("mine.md")).hasContent("Bob's");
            assertThat(h.workspace.root().resolve("mine.md")).doesNotExist();
        }
    }

    @Test
    void olderHistoryIsSummarisedIntoTheOwnersMemoryOnly() throws Exception {
        try (FakeOpenAiServer memoryServer = FakeOpenAiServer.start()) {
            memoryServer.defaultScript(Script.text("- Ada's cat is called Miso."));
            AgentSettings settings = new AgentSettings(5, 1_500, 100, Duration.ofSeconds(1), 4000);
            try (AgentHarness h = new AgentHarness(dir, settings,
                    Optional.of(AgentHarness.modelFor(memoryServer, Duration.ofSeconds(10))))) {
                String c = h.store.createConversation("ada", "a").id();
                h.store.appendUserMessage(c, "old-0", "My cat is called Miso.");
                h.store.appendMessage(NewMessage.assistant(c, "Nice name!", List.of(), MessageStatus.COMPLETE));
                for (int i = 1; i < 40; i++) {
                    h.store.appendUserMessage(c, "old-" + i, "filler question " + i + " " + "y".repeat(300));
                    h.store.appendMessage(NewMessage.assistant(c, "filler answer " + i, List.of(),
                            MessageStatus.COMPLETE));
                }

                h.agent.chat(c, "now", "what is new?", h.recorder(), CancelSignal.none());

                await().atMost(Duration.ofSeconds(20)).until(() -> h.workspaces.of("ada").memory(10_000)
                        .contains("Miso"));
                assertThat(h.workspace.memory(10_000)).doesNotContain("Miso");
                assertThat(h.workspaces.of("bob").memory(10_000)).doesNotContain("Miso");
            }
        }
    }
}
