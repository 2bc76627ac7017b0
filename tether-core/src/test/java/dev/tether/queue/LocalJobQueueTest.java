package dev.tether.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.store.Lane;
import dev.tether.store.NewJob;
import dev.tether.store.StoredJob;
import dev.tether.store.Submitted;
import dev.tether.store.sqlite.SqliteConversationStore;
import dev.tether.store.sqlite.SqliteOptions;
import dev.tether.testkit.store.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single-server queue on a real SQLite store: order, parallelism, lanes, capacity, retries, restarts. */
class LocalJobQueueTest {
    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private SqliteConversationStore store;
    private LocalJobQueue queue;

    @BeforeEach
    void open() {
        store = SqliteConversationStore.open(dir.resolve("tether.db"), SqliteOptions.defaults().withClock(clock));
        queue = LocalJobQueue.open(store, 100, clock);
    }

    @AfterEach
    void close() {
        queue.close();
        store.close();
    }

    private String conversation() {
        return store.createConversation("ada", "Chat").id();
    }

    private StoredJob submit(String conversation, String text) {
        return queue.submit(conversation, text, text, Lane.INTERACTIVE, (s, ahead) -> { }).job().orElseThrow();
    }

    private StoredJob background(String key) {
        return queue.enqueue(new NewJob(key, Lane.BACKGROUND, "test.work", Optional.empty(), 0, ""));
    }

    private StoredJob next() {
        return queue.poll().orElseThrow(() -> new AssertionError("expected a job to be ready, but none was"));
    }

    @Test
    void oneConversationRunsOneReplyAtATimeInOrderWhileOthersRunInParallel() {
        String a = conversation();
        String b = conversation();
        StoredJob a1 = submit(a, "a1");
        StoredJob a2 = submit(a, "a2");
        StoredJob b1 = submit(b, "b1");

        assertThat(next()).isEqualTo(a1);
        assertThat(next()).isEqualTo(b1);
        assertThat(queue.poll()).as("a2 waits for a1").isEmpty();
        assertThat(queue.waiting(a)).containsExactly(a2);

        queue.done(a1);
        assertThat(next()).isEqualTo(a2);
        assertThat(queue.stats().running()).isEqualTo(2);
    }

    @Test
    void interactiveWorkGoesFirstButBackgroundWorkIsNotStarved() {
        List<StoredJob> interactive = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            interactive.add(submit(conversation(), "i" + i));
        }
        for (int i = 0; i < 10; i++) {
            background("bg-" + i);
        }

        List<Lane> order = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            order.add(next().lane());
        }

        int perBackground = LocalJobQueue.INTERACTIVE_PER_BACKGROUND;
        for (int i = 0; i < order.size(); i++) {
            Lane expected = (i + 1) % (perBackground + 1) == 0 ? Lane.BACKGROUND : Lane.INTERACTIVE;
            assertThat(order.get(i)).as("job %d of %s", i, order).isEqualTo(expected);
        }
    }

    @Test
    void backgroundWorkRunsAtOnceWhenNoOneIsWaiting() {
        StoredJob job = background("memory");

        assertThat(next()).isEqualTo(job);
    }

    @Test
    void aFullQueueRefusesWithWhenToComeBackAndStoresNothing() {
        queue.close();
        queue = LocalJobQueue.open(store, 2, clock);
        String c = conversation();
        submit(c, "one");
        submit(c, "two");

        assertThatThrownBy(() -> submit(c, "three"))
                .isInstanceOf(QueueFullException.class)
                .hasMessageContaining("2 replies are already queued")
                .hasMessageContaining("queue.max-queued")
                .satisfies(e -> assertThat(((QueueFullException) e).retryAfter()).isPositive());
        assertThat(store.openJobs()).hasSize(2);
        assertThat(store.history(c, Optional.empty(), 10).items()).extracting(m -> m.content())
                .containsExactly("two", "one");

        queue.done(next());
        assertThat(submit(c, "three").userMessageId()).isPositive();
    }

    @Test
    void aDuplicateSubmitQueuesNothingAndDoesNotCallBack() {
        String c = conversation();
        List<Integer> calls = new ArrayList<>();
        Submitted first = queue.submit(c, "m1", "Hi", Lane.INTERACTIVE, (s, ahead) -> calls.add(ahead));

        Submitted again = queue.submit(c, "m1", "Hi", Lane.INTERACTIVE, (s, ahead) -> calls.add(ahead));

        assertThat(again.duplicate()).isTrue();
        assertThat(again.job()).isEqualTo(first.job());
        assertThat(calls).containsExactly(0);
        assertThat(queue.stats().open()).isEqualTo(1);
    }

    @Test
    void theCallbackSeesHowManyRepliesAreAheadBeforeAWorkerCanTakeTheJob() throws Exception {
        String c = conversation();
        CompletableFuture<StoredJob> worker = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        List<Integer> aheads = new ArrayList<>();
        List<Boolean> takenDuringCallback = new ArrayList<>();

        queue.submit(c, "m1", "one", Lane.INTERACTIVE, (s, ahead) -> {
            aheads.add(ahead);
            takenDuringCallback.add(worker.isDone());
        });
        StoredJob taken = worker.get(10, TimeUnit.SECONDS);
        queue.submit(c, "m2", "two", Lane.INTERACTIVE, (s, ahead) -> aheads.add(ahead));
        queue.submit(c, "m3", "three", Lane.INTERACTIVE, (s, ahead) -> aheads.add(ahead));

        assertThat(taken.userMessageId()).isPositive();
        assertThat(takenDuringCallback).containsExactly(false);
        assertThat(aheads).containsExactly(0, 1, 2);
    }

    @Test
    void aRetriedJobWaitsItsDelayAtTheHeadOfItsConversation() {
        String c = conversation();
        StoredJob first = submit(c, "one");
        StoredJob second = submit(c, "two");
        StoredJob running = next();

        StoredJob again = queue.retryLater(running, Duration.ofSeconds(5), "model_unreachable");

        assertThat(again.attempts()).isEqualTo(1);
        assertThat(queue.poll()).as("during the delay, neither it nor the next message runs").isEmpty();
        clock.advance(Duration.ofSeconds(5));
        StoredJob retried = next();
        assertThat(retried.id()).isEqualTo(first.id());
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.lastError()).contains("model_unreachable");
        queue.done(retried);
        assertThat(next()).isEqualTo(second);
    }

    @Test
    void cancellingADelayedRetryDeletesItAndTheNextMessageMovesUp() {
        String c = conversation();
        StoredJob first = submit(c, "one");
        StoredJob second = submit(c, "two");
        assertThat(queue.cancelDelayed(c)).as("a job that is due is not a delayed retry").isEmpty();
        StoredJob running = next();
        assertThat(queue.cancelDelayed(c)).as("a running job is stopped by its cancel signal, not here").isEmpty();
        queue.retryLater(running, Duration.ofSeconds(5), "model_unreachable");

        assertThat(queue.cancelDelayed(c)).hasValueSatisfying(j -> assertThat(j.id()).isEqualTo(first.id()));

        assertThat(queue.stats().open()).isEqualTo(1);
        assertThat(store.openJobs()).extracting(StoredJob::id).containsExactly(second.id());
        assertThat(next()).isEqualTo(second);
        assertThat(queue.cancelDelayed(c)).isEmpty();
    }

    @Test
    void aWaitingWorkerWakesWhenARetryDelayEnds() throws Exception {
        String c = conversation();
        submit(c, "one");
        queue.retryLater(next(), Duration.ofMillis(200), "model_timeout");
        CompletableFuture<StoredJob> worker = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        clock.advance(Duration.ofMillis(200));

        assertThat(worker.get(10, TimeUnit.SECONDS).attempts()).isEqualTo(1);
    }

    @Test
    void openJobsAreRunAfterARestartInTheirOrderWithTheirAttempts() {
        String a = conversation();
        StoredJob a1 = submit(a, "a1");
        StoredJob a2 = submit(a, "a2");
        StoredJob bg = background("memory");
        queue.retryLater(next(), Duration.ZERO, "interrupted");
        queue.close();
        store.close();

        store = SqliteConversationStore.open(dir.resolve("tether.db"), SqliteOptions.defaults().withClock(clock));
        queue = LocalJobQueue.open(store, 100, clock);

        assertThat(queue.stats().open()).isEqualTo(3);
        StoredJob first = next();
        assertThat(first.id()).isEqualTo(a1.id());
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(next().id()).isEqualTo(bg.id());
        queue.done(first);
        assertThat(next().id()).isEqualTo(a2.id());
    }

    @Test
    void retryingAReplyThatIsStillOpenQueuesNothingNew() {
        String c = conversation();
        StoredJob job = submit(c, "one");
        next();

        StoredJob again = queue.enqueue(NewJob.reply(c, job.userMessageId(), Lane.INTERACTIVE));

        assertThat(again.id()).isEqualTo(job.id());
        assertThat(queue.stats().open()).isEqualTo(1);
        assertThat(queue.poll()).isEmpty();
    }

    @Test
    void aClosedQueueReleasesItsWaitingWorkers() throws Exception {
        CompletableFuture<StoredJob> worker = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        queue.close();

        assertThatThrownBy(() -> worker.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(JobQueue.Closed.class);
    }

    @Test
    void cancellingAConversationDropsItsWaitingJobsOfEveryKeyAndLeavesTheRunningOneAndOthers() {
        String a = conversation();
        String b = conversation();
        StoredJob a1 = submit(a, "a1");
        StoredJob a2 = submit(a, "a2");
        StoredJob a3 = submit(a, "a3");
        StoredJob b1 = submit(b, "b1");
        StoredJob b2 = submit(b, "b2");
        StoredJob memoryOfA = queue.enqueue(new NewJob("memory:" + a, Lane.BACKGROUND, "test.work", Optional.of(a), 0,
                ""));
        StoredJob memoryOfB = queue.enqueue(new NewJob("memory:" + b, Lane.BACKGROUND, "test.work", Optional.of(b), 0,
                ""));
        assertThat(next()).isEqualTo(a1); // running

        List<StoredJob> dropped = queue.cancelConversation(a);

        assertThat(dropped).containsExactlyInAnyOrder(a2, a3, memoryOfA);
        assertThat(queue.waiting(a)).isEmpty();
        assertThat(queue.waiting("memory:" + a)).isEmpty();
        assertThat(store.openJobs()).extracting(StoredJob::id)
                .containsExactlyInAnyOrder(a1.id(), b1.id(), b2.id(), memoryOfB.id());
        assertThat(queue.stats().open()).isEqualTo(4);
        List<StoredJob> ran = new ArrayList<>();
        for (Optional<StoredJob> j = queue.poll(); j.isPresent(); j = queue.poll()) {
            ran.add(j.get());
            queue.done(j.get());
        }
        assertThat(ran).containsExactlyInAnyOrder(b1, b2, memoryOfB);
        queue.done(a1); // the running reply finishes as usual, and nothing of a follows it
        assertThat(queue.poll()).isEmpty();
        assertThat(queue.stats().open()).isZero();
        assertThat(queue.cancelConversation(a)).isEmpty();
    }

    @Test
    void cancellingAConversationWhoseHeadWaitsForARetryUnfilesItFromTheDelayedJobs() {
        String a = conversation();
        StoredJob a1 = submit(a, "a1");
        submit(a, "a2");
        queue.retryLater(next(), Duration.ofMinutes(1), "model busy");

        assertThat(queue.cancelConversation(a)).hasSize(2).extracting(StoredJob::id).contains(a1.id());
        clock.advance(Duration.ofMinutes(2));

        assertThat(queue.poll()).isEmpty();
        assertThat(queue.stats().open()).isZero();
        assertThat(store.openJobs()).isEmpty();
    }
}
