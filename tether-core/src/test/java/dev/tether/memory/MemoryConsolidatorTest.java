package dev.tether.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.api.model.ChatMessage;
import dev.tether.api.model.ModelSettings;
import dev.tether.model.openai.OpenAiModelProvider;
import dev.tether.store.ConversationStore;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.store.sqlite.SqliteConversationStore;
import dev.tether.testkit.model.FakeOpenAiServer;
import dev.tether.testkit.model.Script;
import dev.tether.workspace.Workspace;
import dev.tether.workspace.Workspaces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryConsolidatorTest {
    @TempDir
    Path dir;

    private static long exchange(ConversationStore store, String conversation, int i) {
        store.appendUserMessage(conversation, "m" + i, "question " + i);
        return store.appendMessage(NewMessage.assistant(conversation, "answer " + i, List.of(), MessageStatus.COMPLETE)).id();
    }

    @Test
    void olderMessagesAreSummarisedInBatchesNotOneModelCallPerTurn() {
        try (FakeOpenAiServer model = FakeOpenAiServer.start();
             ConversationStore store = SqliteConversationStore.open(dir.resolve("t.db"));
             MemoryConsolidator memory = new MemoryConsolidator(store,
                     new OpenAiModelProvider().create(ModelSettings.of(model.baseUrl(), model.model())),
                     Workspaces.shared(new Workspace(dir.resolve("ws"))))) {
            model.defaultScript(Script.text("- summary"));
            String c = store.createConversation("u", "t").id();
            long last = exchange(store, c, 0);
            for (int turn = 1; turn < MemoryConsolidator.MIN_BATCH / 2 - 1; turn++) {
                memory.request(c, last + 1); // like a turn whose context left a couple of messages out
                last = exchange(store, c, turn);
            }
            for (int turn = MemoryConsolidator.MIN_BATCH / 2 - 1; turn < MemoryConsolidator.MIN_BATCH; turn++) {
                last = exchange(store, c, turn);
            }
            memory.request(c, last + 1);

            long newest = last;
            await().atMost(Duration.ofSeconds(10)).until(() -> store.conversation(c).orElseThrow().summarisedUpTo() == newest);
            assertThat(model.requests()).hasSize(1);
            String transcript = ((ChatMessage.User) model.requests().getFirst().requireChat().messages().getLast()).text();
            assertThat(transcript).contains("question 0").contains("answer " + (MemoryConsolidator.MIN_BATCH - 1));
        }
    }
}
