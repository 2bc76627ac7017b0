package dev.tether.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.testkit.model.Script;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What users feel of the connection guarantees: no lost or doubled text, no lost or doubled messages. */
class ReconnectBrowserTest extends BrowserTest {
    String conversation;

    @Override
    void beforePage() {
        conversation = server.conversation("reconnects");
    }

    /** A slow reply of numbered words, so a lost or doubled chunk shows in the text. */
    private static Script.Reply slowReply(int words) {
        return Script.text(IntStream.range(0, words).mapToObj(i -> "t" + i + " ").toArray(String[]::new))
                .chunkDelay(Duration.ofMillis(40));
    }

    private List<StoredMessage> stored() {
        return server.store.history(conversation, Optional.empty(), 100).items().reversed();
    }

    private String storedReply() {
        return stored().stream().filter(m -> m.role() == Role.ASSISTANT).reduce((a, b) -> b).orElseThrow().content();
    }

    private void assertRenderedEqualsStored() {
        String stored = storedReply();
        assertThat(chat.lastReplySource()).isEqualTo(stored);
        assertThat(chat.lastReplyText().strip()).isEqualTo(stored.strip());
        assertThat(chat.lastReply().getAttribute("data-mismatch")).isNull();
    }

    @Test
    void aReplyCutOffByADeadSocketCompletesWithExactlyTheStoredText() throws InterruptedException {
        server.model.enqueue(slowReply(80));
        chat.openConversation(conversation);
        chat.send("count slowly");
        assertThat(chat.lastReply()).containsText("t5 ");

        chat.offline(true);
        chat.dropSocket();
        chat.awaitState("offline");
        Thread.sleep(800); // the reply goes on without us: about 20 chunks are missed
        chat.offline(false);

        chat.awaitLastReply("complete");
        assertRenderedEqualsStored();
        assertThat(chat.lastReplyText()).contains("t79");
        assertThat((Integer) chat.eval("() => window.tether.connection.stats.connects")).isGreaterThanOrEqualTo(2);
        assertThat(chat.errors).isEmpty();
    }

    @Test
    void aReloadMidReplyShowsTheTextSoFarAndContinuesToTheEnd() {
        server.model.enqueue(slowReply(80));
        chat.openConversation(conversation);
        chat.send("count slowly");
        assertThat(chat.lastReply()).containsText("t5 ");

        chat.page.reload();
        assertThat(chat.lastReply()).hasAttribute("data-status", "streaming", ChatPage.timeout());
        assertThat(chat.lastReply()).containsText("t5 "); // from the snapshot's in-flight text
        chat.awaitLastReply("complete");
        assertRenderedEqualsStored();
        assertThat(chat.users()).hasCount(1);
    }

    @Test
    void aMessageTypedOfflineIsSentExactlyOnceWhenBackOnline() throws InterruptedException {
        server.model.enqueue(Script.text("Got it."));
        chat.openConversation(conversation);
        chat.offline(true);
        chat.dropSocket();
        chat.awaitState("offline");

        chat.send("typed while offline");
        assertThat(chat.users().last()).hasAttribute("data-status", "sending");
        assertThat(chat.eval("() => window.tether.outbox.list().length")).isEqualTo(1);
        Thread.sleep(500);
        assertThat(server.model.requests()).isEmpty();

        chat.offline(false);
        chat.awaitLastReply("complete");
        assertThat(chat.users().last()).hasAttribute("data-status", "sent");
        assertThat(server.model.requests()).hasSize(1);
        assertThat(stored().stream().filter(m -> m.role() == Role.USER).map(StoredMessage::content))
                .containsExactly("typed while offline");
        assertThat(chat.eval("() => window.tether.outbox.list().length")).isEqualTo(0);
        assertThat(chat.users()).hasCount(1);
    }

    @Test
    void aMessageWhoseAckWasLostIsResentWithTheSameIdAndStoredOnce() {
        server.model.enqueue(Script.text("Once."));
        chat.openConversation(conversation);
        // the socket dies right after the send frame leaves: the ack never arrives, the outbox keeps the message
        chat.eval("() => { const c = window.tether.connection; const write = c.write.bind(c);"
                + " c.write = (f) => { const ok = write(f); if (f.type === 'send') { c.write = write; c.drop(); } return ok; }; }");
        chat.send("maybe lost");

        chat.awaitLastReply("complete");
        assertThat(chat.users().last()).hasAttribute("data-status", "sent");
        assertThat(stored().stream().filter(m -> m.role() == Role.USER).map(StoredMessage::content))
                .containsExactly("maybe lost");
        assertThat(server.model.requests()).hasSize(1);
        assertThat(chat.eval("() => window.tether.outbox.list().length")).isEqualTo(0);
        assertThat(chat.users()).hasCount(1);
        assertThat(chat.replies()).hasCount(1);
    }
}
