package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.store.ConversationStore;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.store.sqlite.SqliteConversationStore;
import dev.tether.testkit.model.FakeOpenAiServer;
import dev.tether.testkit.model.Script;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar, run as a process, against a fake OpenAI-compatible server on loopback. */
class TetherCliIT {
    @TempDir
    Path dir;
    Path home;
    FakeOpenAiServer model;

    @BeforeEach
    void setUp() throws Exception {
        home = dir.resolve("home");
        Files.createDirectories(home);
        model = FakeOpenAiServer.start();
    }

    @AfterEach
    void tearDown() {
        model.close();
    }

    private String[] withModel(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--set", "models.local.base-url=" + model.baseUrl(),
                "--set", "models.local.model=" + model.model()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    @Test
    void chatOneShotRunsAToolRoundTripPrintsTheAnswerAndStoresTheConversation() throws Exception {
        Files.createDirectories(home.resolve("workspace"));
        Files.writeString(home.resolve("workspace/todo.md"), "- water the plants");
        model.enqueue(Script.text("Let me look. ").toolCall("call_1", "read_file", "{\"path\":", "\"todo.md\"}"),
                Script.text("You need to ", "water the plants."));

        CliProcess.Result r = CliProcess.run(home, "", withModel("chat", "-m", "What is on my todo list?"));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("Let me look.").contains("You need to water the plants.");
        assertThat(r.stderr()).contains("> read_file").contains("todo.md");
        try (ConversationStore store = SqliteConversationStore.open(home.resolve("data/tether.db"))) {
            var conversation = store.conversations("cli", Optional.empty(), 10).items();
            assertThat(conversation).hasSize(1);
            List<StoredMessage> messages = store.history(conversation.getFirst().id(), Optional.empty(), 50).items().reversed();
            assertThat(messages).extracting(StoredMessage::role).containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
            assertThat(messages.getFirst().content()).isEqualTo("What is on my todo list?");
            assertThat(messages.get(2).content()).contains("water the plants");
            assertThat(messages.getLast().content()).isEqualTo("You need to water the plants.");
        }
    }

    @Test
    void aReasoningModelsThinkingGoesToStderrAndOnlyTheAnswerToStdout() throws Exception {
        model.enqueue(Script.text("42.").thinking("Six times", " seven."));

        CliProcess.Result r = CliProcess.run(home, "", withModel("chat", "-m", "What is 6*7?"));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().strip()).isEqualTo("42.");
        assertThat(r.stderr()).contains("  thinking: Six times seven.\n").doesNotContain("\u001b[");
    }

    @Test
    void theNextOneShotContinuesTheSameConversation() throws Exception {
        model.enqueue(Script.text("Hi Ada."), Script.text("You are Ada."));
        CliProcess.run(home, "", withModel("chat", "-m", "I am Ada"));
        CliProcess.Result second = CliProcess.run(home, "", withModel("chat", "-m", "Who am I?"));

        assertThat(second.stdout()).contains("You are Ada.");
        var messages = model.requests().get(1).requireChat().messages();
        assertThat(messages.toString()).contains("I am Ada").contains("Hi Ada.");
    }

    @Test
    void interactiveChatReadsLinesUntilExit() throws Exception {
        model.enqueue(Script.text("one"), Script.text("two"));
        CliProcess.Result r = CliProcess.run(home, "first\nsecond\n/exit\n", withModel("chat"));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("one").contains("two").contains("you> ");
    }

    @Test
    void whenNoModelAnswersTheUserGetsOneSentenceNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/v1";
        CliProcess.Result r = CliProcess.run(home, "", "--set", "models.local.base-url=" + url,
                "--set", "retry.max-attempts=1", "chat", "-m", "hello");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr().strip()).startsWith("No model answered at " + url).doesNotContain("\n")
                .doesNotContain("Exception");
    }

    @Test
    void aMistypedConfigKeyIsRefusedWithASuggestion() throws Exception {
        Files.writeString(home.resolve("config.json"), "{ \"agent\": { \"modle\": \"local\" } }");
        CliProcess.Result r = CliProcess.run(home, "", "chat", "-m", "hello");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr().strip()).isEqualTo("Unknown key 'agent.modle' in " + home.resolve("config.json")
                + ". Did you mean 'agent.model'?");
    }

    @Test
    void onboardWritesAValidCommentedConfigAndTheWorkspace() throws Exception {
        CliProcess.Result r = CliProcess.run(home, "", "onboard");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(Files.readString(home.resolve("config.json"))).contains("// ").contains("\"max-iterations\"");
        for (String f : List.of("AGENTS.md", "SOUL.md", "USER.md", "MEMORY.md")) {
            assertThat(home.resolve("workspace").resolve(f)).exists();
        }
        CliProcess.Result again = CliProcess.run(home, "", "onboard");
        assertThat(again.stdout()).contains("already exists");
    }

    @Test
    void doctorPassesWithAReachableModelAndRedactsSecrets() throws Exception {
        CliProcess.run(home, "", "onboard");
        CliProcess.Result r = CliProcess.run(home, "", withModel("--set", "models.local.api-key=sk-very-secret", "doctor"));

        assertThat(r.stdout()).contains("ok   model local").contains("ok   store SQLite")
                .contains("ok   user-workspaces " + home.resolve("users") + " (made at a user's first turn)")
                .contains("***redacted***").doesNotContain("sk-very-secret");
        assertThat(r.exitCode()).as(r.stdout()).isZero();
    }

    @Test
    void doctorSaysWhenOtherUsersWorkspacesCannotBeMade() throws Exception {
        CliProcess.run(home, "", "onboard");
        Path notAFolder = Files.writeString(home.resolve("a-file"), "x");
        CliProcess.Result r = CliProcess.run(home, "", withModel("--set", "user-workspaces=" + notAFolder.resolve("users"),
                "doctor"));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains(notAFolder.resolve("users") + " cannot be created: " + notAFolder
                + " is not a writable folder. Set \"user-workspaces\" in config.json to a writable folder.");
    }

    @Test
    void doctorSaysWhichModelsTheServerServesWhenTheConfiguredOneIsMissing() throws Exception {
        CliProcess.run(home, "", "onboard");
        CliProcess.Result r = CliProcess.run(home, "", "--set", "models.local.base-url=" + model.baseUrl(),
                "--set", "models.local.model=no-such-model", "doctor");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("does not serve 'no-such-model'").contains(model.model())
                .contains("Set models.local.model");
    }

    @Test
    void doctorFindsALocalModelServerAndPrintsTheConfigToUseIt() throws Exception {
        String port = model.baseUrl().replaceAll(".*:(\\d+)/v1$", "$1");
        CliProcess.Result r = CliProcess.run(home, "", "doctor", "--scan", "Ollama=" + port);

        assertThat(r.stdout()).contains("found Ollama at http://127.0.0.1:" + port + "/v1 serving [" + model.model() + "]")
                .contains("\"base-url\": \"http://127.0.0.1:" + port + "/v1\", \"model\": \"" + model.model() + "\"")
                .contains("--set models.local.base-url=http://127.0.0.1:" + port + "/v1");
    }

    @Test
    void versionIsPrinted() throws Exception {
        CliProcess.Result r = CliProcess.run(home, "", "--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).startsWith("tether 0.1.0");
    }
}
