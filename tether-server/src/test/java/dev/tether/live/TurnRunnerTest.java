package dev.tether.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.queue.JobQueue;
import dev.tether.queue.ReplyJobs;
import dev.tether.server.TestServer;
import dev.tether.testkit.model.Script;
import dev.tether.testkit.store.ForwardingJobStore;
import dev.tether.store.JobStore;
import dev.tether.store.NewUserMessage;
import dev.tether.store.StoredJob;
import dev.tether.store.Submitted;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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

    @Test
    void aMessageSentOnTurnCompletedIsNotAnnouncedAsQueuedBehindTheReplyThatJustEnded() {
        try (TestServer h = new TestServer(dir)) {
            h.model.defaultScript(Script.text("a", "b"));
            TurnRunner turns = h.server.turns();
            String conversation = h.conversation("local");
            List<String> types = new CopyOnWriteArrayList<>();
            Subscriber client = new Subscriber() {
                @Override
                public void send(OutboundFrame frame) {
                    String type = type(frame);
                    types.add(type);
                    // a client that sends its next message the moment the reply ends: the finished reply's job is
                    // still being marked done (this runs on its thread, before that), so the queue counts it
                    if (type.equals("turn_completed") && types.stream().filter("turn_completed"::equals).count() == 1) {
                        turns.send(conversation, "m2", "next");
                    }
                }
            };
            subscribe(h, conversation, client);
            turns.send(conversation, "m1", "first");

            await().atMost(Duration.ofSeconds(20)).until(() -> types.stream().filter("turn_completed"::equals).count() == 2);
            assertThat(types).doesNotContain("turn_queued");
            assertThat(types).containsSubsequence("turn_completed", "user_message", "turn_started", "turn_completed");
        }
    }

    @Test
    void aRetryRecordsTheEarlierAnswersSoRecoveryAfterACrashJudgesItOnlyByItsOwnMessages() {
        try (TestServer h = new TestServer(dir)) {
            h.model.defaultScript(Script.error(400, "bad request"));
            TurnRunner turns = h.server.turns();
            String conversation = h.conversation("local");
            long question = turns.send(conversation, "m1", "first").message().id();
            await().atMost(Duration.ofSeconds(20)).until(() -> turns.running() == 0 && turns.stats().open() == 0);
            long failed = h.store.history(conversation, Optional.empty(), 1).items().getFirst().id();

            StoredJob retry = turns.retry(conversation, question);

            assertThat(failed).isGreaterThan(question);
            assertThat(ReplyJobs.after(retry)).isEqualTo(failed); // see ReplyRecoveryTest for what recovery does with it
        }
    }

    @Test
    void aRetryAskedForOnTurnFailedRunsEvenWhileTheFailedRepliesJobIsStillBeingMarkedDone() throws Exception {
        HeldFinish held = new HeldFinish();
        try (TestServer h = TestServer.withJobStore(dir, held::wrap)) {
            h.model.defaultScript(Script.error(400, "bad request"));
            TurnRunner turns = h.server.turns();
            String conversation = h.conversation("local");
            List<String> types = new CopyOnWriteArrayList<>();
            subscribe(h, conversation, frame -> types.add(type(frame)));
            long question = turns.send(conversation, "m1", "first").message().id();
            held.awaitHeld(); // turn_failed is out, the job not yet done
            assertThat(types).contains("turn_failed");

            held.releaseWhenWaiting(Thread.ofVirtual().start(() -> turns.retry(conversation, question)));

            await().atMost(Duration.ofSeconds(20)).until(() -> types.stream().filter("turn_failed"::equals).count() == 2);
            assertThat(types).doesNotContain("turn_queued");
            assertThat(types).containsSubsequence("turn_failed", "turn_started", "turn_failed");
            assertThat(h.model.requests()).hasSize(2);
        }
    }

    @Test
    void anEditSentOnTurnCompletedIsAcceptedEvenWhileTheRepliesJobIsStillBeingMarkedDone() throws Exception {
        HeldFinish held = new HeldFinish();
        try (TestServer h = TestServer.withJobStore(dir, held::wrap)) {
            h.model.defaultScript(Script.text("an answer"));
            TurnRunner turns = h.server.turns();
            String conversation = h.conversation("local");
            List<String> types = new CopyOnWriteArrayList<>();
            subscribe(h, conversation, frame -> types.add(type(frame)));
            long question = turns.send(conversation, "m1", "Wht is 2+2").message().id();
            held.awaitHeld(); // turn_completed is out, the job not yet done

            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread edit = Thread.ofVirtual().start(() -> {
                try {
                    outcome.set(turns.send(new NewUserMessage(conversation, "m2", "What is 2+2?",
                            Optional.of(question))));
                } catch (RuntimeException e) {
                    outcome.set(e);
                }
            });
            held.releaseWhenWaiting(edit);

            await().atMost(Duration.ofSeconds(20)).until(() -> types.stream().filter("turn_completed"::equals).count() == 2);
            assertThat(outcome.get()).isInstanceOf(Submitted.class);
            assertThat(h.model.requests()).hasSize(2);
        }
    }

    /** Subscribes {@code client} to the conversation's live frames, as a new client (a snapshot, then events). */
    @Test
    void deletingDropsTheQueuedRepliesBeforeTheRunningOneIsStopped() {
        try (TestServer h = new TestServer(dir)) {
            h.model.enqueue(Script.text("a", "b", "c", "d", "e", "f", "g", "h").chunkDelay(Duration.ofMillis(100)),
                    Script.text("never asked"));
            TurnRunner turns = h.server.turns();
            String conversation = h.conversation("local");
            List<String> types = new CopyOnWriteArrayList<>();
            AtomicReference<JobQueue.Stats> atStop = new AtomicReference<>();
            subscribe(h, conversation, frame -> {
                String type = type(frame);
                types.add(type);
                if (type.equals("turn_completed")) {
                    atStop.set(turns.stats()); // published while delete waits for the stopped reply
                }
            });
            turns.send(conversation, "m1", "count");
            await().atMost(Duration.ofSeconds(10)).until(() -> types.contains("delta"));
            turns.send(conversation, "m2", "queued behind it");
            assertThat(turns.stats().queuedInteractive()).isEqualTo(1);

            assertThat(turns.delete(conversation)).isTrue();

            assertThat(atStop.get().queuedInteractive()).as("the queued reply was dropped before the stop").isZero();
            assertThat(types).endsWith("turn_completed", "conversation_deleted");
            assertThat(turns.stats().open()).isZero();
            assertThat(h.model.requests()).hasSize(1);
            assertThat(turns.delete(conversation)).isFalse();
        }
    }

    private static void subscribe(TestServer h, String conversation, Subscriber client) {
        h.server.live().run(conversation, hub -> hub.subscribe(client, "s1", Optional.empty(), OptionalLong.empty()));
    }

    /** A frame's {@code type}: the first field of every frame the server writes. */
    private static String type(OutboundFrame frame) {
        return frame.json().replaceAll("^\\{\"type\":\"([a-z_]+)\".*$", "$1");
    }

    /** A job store whose next {@code finish} waits for {@code release}, saying when it has started. */
    /**
     * Holds the first reply job's {@code finish} until {@link #releaseWhenWaiting}: the window in which the reply's
     * final event is out but its job is not yet marked done.
     */
    private static final class HeldFinish {
        private final AtomicBoolean holdNext = new AtomicBoolean(true);
        private final CountDownLatch finishing = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        JobStore wrap(JobStore jobs) {
            return new ForwardingJobStore(jobs) {
                @Override
                public void finish(long jobId) {
                    if (holdNext.getAndSet(false)) {
                        finishing.countDown();
                        try {
                            release.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    jobs.finish(jobId);
                }
            };
        }

        /** Waits until the held job's final event is out and its {@code finish} is being held. */
        void awaitHeld() throws InterruptedException {
            assertThat(finishing.await(20, TimeUnit.SECONDS)).isTrue();
        }

        /** Lets the held {@code finish} go once {@code caller} waits for it (or has ended). */
        void releaseWhenWaiting(Thread caller) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> caller.getState() == Thread.State.TIMED_WAITING || !caller.isAlive());
            release.countDown();
        }
    }

    @Test
    void aMessageSentWhileAReplyStreamsIsAnnouncedAsQueued() {
        try (TestServer h = new TestServer(dir)) {
            h.model.defaultScript(Script.text("a", "b").chunkDelay(Duration.ofMillis(300)));
            TurnRunner turns = h.server.turns();
            String conversation = h.conversation("local");
            List<String> types = new CopyOnWriteArrayList<>();
            subscribe(h, conversation, frame -> types.add(type(frame)));
            turns.send(conversation, "m1", "first");
            await().atMost(Duration.ofSeconds(10)).until(() -> types.contains("delta"));
            turns.send(conversation, "m2", "while it streams");

            await().atMost(Duration.ofSeconds(20)).until(() -> types.stream().filter("turn_completed"::equals).count() == 2);
            assertThat(types).containsSubsequence("delta", "user_message", "turn_queued", "turn_completed",
                    "turn_started", "turn_completed");
        }
    }
}
