package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.api.model.ChatMessage;
import dev.tether.gateway.Authenticator;
import dev.tether.store.JobStore;
import dev.tether.store.Lane;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.store.sqlite.SqliteConversationStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start after an unclean stop: what the crash left in the database is recovered by the documented policy. */
class RecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aReplyCutOffByACrashIsMarkedInterruptedAndRunAgainAndAQueuedOneRunsAfterIt() {
        String conversation;
        long cutOff;
        long queued;
        try (SqliteConversationStore crashed = SqliteConversationStore.open(dir.resolve("tether.db"))) {
            conversation = crashed.createConversation("local", "Before the crash").id();
            cutOff = crashed.submitUserMessage(conversation, "u1", "first", Lane.INTERACTIVE).message().id();
            crashed.appendMessage(NewMessage.assistant(conversation, "Half an ans", List.of(), MessageStatus.STREAMING));
            queued = crashed.submitUserMessage(conversation, "u2", "second", Lane.INTERACTIVE).message().id();
        }

        try (TestServer h = new TestServer(dir, Authenticator.none(), Duration.ofMillis(100))) { // the model says "ok"
            assertThat(h.server.recovery().interruptedMessages()).isEqualTo(1);
            assertThat(h.server.recovery().rerun()).containsExactly(cutOff);
            await().atMost(Duration.ofSeconds(15)).until(() -> ((JobStore) h.store).openJobs().isEmpty());
            List<StoredMessage> messages = h.store.history(conversation, Optional.empty(), 20).items().reversed();
            assertThat(messages).extracting(StoredMessage::role, StoredMessage::content, StoredMessage::status)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(Role.USER, "first", MessageStatus.COMPLETE),
                            org.assertj.core.groups.Tuple.tuple(Role.ASSISTANT, "Half an ans", MessageStatus.INTERRUPTED),
                            org.assertj.core.groups.Tuple.tuple(Role.USER, "second", MessageStatus.COMPLETE),
                            org.assertj.core.groups.Tuple.tuple(Role.ASSISTANT, "ok", MessageStatus.COMPLETE),
                            org.assertj.core.groups.Tuple.tuple(Role.ASSISTANT, "ok", MessageStatus.COMPLETE));
            assertThat(queued).isGreaterThan(cutOff);
            // the re-run saw its own question, not the one queued behind it, and not the cut-off text
            assertThat(h.model.requests()).hasSize(2);
            assertThat(h.model.requests().get(0).requireChat().messages().getLast())
                    .isEqualTo(new ChatMessage.User("first"));
            assertThat(h.model.requests().get(0).requireChat().messages())
                    .noneMatch(m -> m.toString().contains("Half an ans"));
            assertThat(h.model.requests().get(1).requireChat().messages().getLast())
                    .isEqualTo(new ChatMessage.User("second"));
        }
    }
}
