package dev.tether.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.api.CancelSignal;
import dev.tether.api.model.ChatMessage;
import dev.tether.api.model.ChatModel;
import dev.tether.api.model.ModelRequest;
import dev.tether.store.ConversationStore;
import dev.tether.store.Lane;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.store.Role;
import dev.tether.store.StoreException;
import dev.tether.store.StoredMessage;
import dev.tether.store.sqlite.SqliteConversationStore;
import dev.tether.testkit.model.FakeModelServer;
import dev.tether.testkit.model.FakeOpenAiServer;
import dev.tether.testkit.model.Script;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingReplyTest {
    @TempDir
    Path dir;

    /**
     * A checkpoint still being written when the model finishes must neither be cut off nor stored twice. Stores
     * whose I/O an interrupt aborts (PostgreSQL's socket on a virtual thread) fail the write after it committed
     * if the checkpoint thread is interrupted; the reply would then not know its message and store a second one.
     */
    @Test
    void aCheckpointInFlightWhenTheModelFinishesIsStoredOnceAndCompleted() throws Exception {
        try (FakeModelServer server = FakeOpenAiServer.start();
             SqliteConversationStore real = SqliteConversationStore.open(dir.resolve("tether.db"))) {
            CountDownLatch checkpointing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ConversationStore store = interruptibleWhileCheckpointing(real, checkpointing, release);
            String c = real.createConversation("test", "test").id();
            long user = real.submitUserMessage(c, "u1", "letters", Lane.INTERACTIVE).message().id();
            server.enqueue(Script.text("a", "b").chunkDelay(Duration.ofMillis(300)));
            ChatModel model = AgentHarness.modelFor(server, Duration.ofSeconds(10));

            StreamingReply reply = new StreamingReply(store, c, user, Duration.ofMillis(20), text -> { }, thought -> { });
            String text = reply.run(model, new ModelRequest(List.of(new ChatMessage.User("letters"))),
                    CancelSignal.none()).text();
            assertThat(checkpointing.await(5, TimeUnit.SECONDS)).as("a checkpoint was in flight").isTrue();
            release.countDown();
            long id = reply.finish(text, List.of(), MessageStatus.COMPLETE);

            List<StoredMessage> assistant = real.history(c, Optional.empty(), 20).items().stream()
                    .filter(m -> m.role() == Role.ASSISTANT).toList();
            assertThat(assistant).singleElement().satisfies(m -> {
                assertThat(m.id()).isEqualTo(id);
                assertThat(m.content()).isEqualTo("ab");
                assertThat(m.status()).isEqualTo(MessageStatus.COMPLETE);
            });
        }
    }

    /** The real store, except that the first checkpoint waits for {@code release} and then fails if interrupted. */
    private static ConversationStore interruptibleWhileCheckpointing(ConversationStore real, CountDownLatch checkpointing,
                                                                     CountDownLatch release) {
        return (ConversationStore) Proxy.newProxyInstance(ConversationStore.class.getClassLoader(),
                new Class<?>[] {ConversationStore.class}, (proxy, method, args) -> {
                    boolean checkpoint = method.getName().equals("appendMessage")
                            && ((NewMessage) args[0]).status() == MessageStatus.STREAMING
                            && checkpointing.getCount() > 0;
                    if (checkpoint) {
                        checkpointing.countDown();
                        awaitUninterruptibly(release); // as a native write would: an interrupt does not stop it
                    }
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (checkpoint && Thread.currentThread().isInterrupted()) {
                        throw new StoreException("I/O interrupted after the commit");
                    }
                    return result;
                });
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (latch.getCount() > 0 && System.nanoTime() < deadline) {
            try {
                latch.await(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
