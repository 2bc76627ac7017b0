package dev.tether.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.store.StoreException;
import java.io.IOException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {
    /** More than one batch, so some callers wait for a second leader. */
    private static final int WRITERS = GroupCommit.MAX_BATCH + 36;
    @TempDir
    Path dir;
    private Jdbi jdbi;
    private GroupCommit commits;
    /** Stands in for the WAL's fsync: counts, and can be held or made to fail. */
    private final AtomicReference<CountDownLatch> syncGate = new AtomicReference<>(new CountDownLatch(0));
    private final AtomicReference<IOException> syncFailure = new AtomicReference<>();
    private final CountDownLatch syncWaiting = new CountDownLatch(1);

    @BeforeEach
    void open() {
        Path file = dir.resolve("g.db");
        // as SqliteConversationStore's writer: SQLite does not sync at commit, WalSync does
        jdbi = Jdbi.create(SqliteSetup.dataSource(file, SqliteOptions.defaults()
                .withSynchronous(SqliteOptions.Synchronous.NORMAL), true));
        jdbi.useHandle(h -> h.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
        commits = new GroupCommit(jdbi, new WalSync("the test's WAL", () -> {
            syncWaiting.countDown();
            await(syncGate.get());
            IOException failure = syncFailure.getAndSet(null);
            if (failure != null) {
                throw failure;
            }
        }), "test-writer");
    }

    @AfterEach
    void stop() {
        syncGate.get().countDown();
        try {
            commits.exclusively(() -> null, true);
        } catch (IllegalStateException alreadyStopped) {
            // the test stopped it itself
        }
    }

    @Test
    void concurrentWritersShareOneCommitAndAFailingOneAbortsOnlyItself() throws Exception {
        CountDownLatch leaderRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = Thread.ofVirtual().start(() -> commits.write(h -> {
            leaderRunning.countDown();
            await(release);
            return h.execute("INSERT INTO t (id) VALUES (0)");
        }));
        leaderRunning.await(5, TimeUnit.SECONDS);
        Map<Integer, Object> outcomes = new ConcurrentHashMap<>();
        List<Thread> writers = new ArrayList<>();
        for (int i = 1; i <= WRITERS; i++) {
            int id = i;
            writers.add(Thread.ofVirtual().start(() -> {
                try {
                    outcomes.put(id, commits.write(h -> {
                        h.execute("INSERT INTO t (id) VALUES (?)", id);
                        if (id % 7 == 0) {
                            throw new IllegalStateException("write " + id + " refused");
                        }
                        return id;
                    }));
                } catch (IllegalStateException e) {
                    outcomes.put(id, e.getMessage());
                }
            }));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> commits.waiting() == WRITERS);
        release.countDown();
        first.join();
        for (Thread t : writers) {
            t.join();
        }

        for (int i = 1; i <= WRITERS; i++) {
            assertThat(outcomes.get(i)).isEqualTo(i % 7 == 0 ? "write " + i + " refused" : i);
        }
        // a fresh connection sees exactly the writes that returned normally
        List<Integer> stored = Jdbi.create("jdbc:sqlite:" + dir.resolve("g.db"))
                .withHandle(h -> h.createQuery("SELECT id FROM t ORDER BY id").mapTo(Integer.class).list());
        List<Integer> expected = new ArrayList<>(List.of(0));
        for (int i = 1; i <= WRITERS; i++) {
            if (i % 7 != 0) {
                expected.add(i);
            }
        }
        assertThat(stored).isEqualTo(expected);
        // the leader alone, then the ones that queued meanwhile, at most MAX_BATCH per commit
        assertThat(commits.counts()).containsExactly(1 + (WRITERS + GroupCommit.MAX_BATCH - 1) / GroupCommit.MAX_BATCH,
                WRITERS + 1);
    }

    @Test
    void aWriteAloneThatFailsRollsBackAndTheNextOneCommits() {
        try {
            commits.write(h -> {
                h.execute("INSERT INTO t (id) VALUES (1)");
                throw new IllegalArgumentException("no");
            });
        } catch (IllegalArgumentException expected) {
            // its own exception, unchanged
        }
        int inserted = commits.write(h -> h.execute("INSERT INTO t (id) VALUES (2)"));
        List<Integer> ids = jdbi.withHandle(h -> h.createQuery("SELECT id FROM t").mapTo(Integer.class).list());
        assertThat(inserted).isEqualTo(1);
        assertThat(ids).containsExactly(2);
    }

    @Test
    void aWriteFromInsideAWriteJoinsTheSameTransaction() {
        int inner = commits.write(h -> {
            h.execute("INSERT INTO t (id) VALUES (1)");
            return commits.write(h2 -> h2.execute("INSERT INTO t (id) VALUES (2)"));
        });
        assertThat(inner).isEqualTo(1);
        assertThat(commits.counts()).containsExactly(1, 1);
    }

    @Test
    void aWriteReturnsOnlyAfterASyncThatBeganAfterItsCommitAndTheNextBatchCommitsMeanwhile() throws Exception {
        syncGate.set(new CountDownLatch(1));
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                () -> commits.write(h -> h.execute("INSERT INTO t (id) VALUES (1)")), Thread::startVirtualThread);
        assertThat(syncWaiting.await(5, TimeUnit.SECONDS)).isTrue();
        // committed (another connection reads it) while its sync is held: the caller is still waiting
        assertThat(ids()).containsExactly(1);
        assertThat(first).isNotDone();

        // the write lock is free during the sync: three more writers commit now, and wait for a sync of their own
        List<CompletableFuture<Integer>> next = new ArrayList<>();
        for (int id = 2; id <= 4; id++) {
            int value = id;
            next.add(CompletableFuture.supplyAsync(
                    () -> commits.write(h -> h.execute("INSERT INTO t (id) VALUES (?)", value)),
                    Thread::startVirtualThread));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ids().size() == 4);
        assertThat(next).noneMatch(CompletableFuture::isDone);

        syncGate.get().countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        for (CompletableFuture<Integer> f : next) {
            assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        }
        // the first sync covered only the first commit; one more covered every commit made before it began
        assertThat(commits.syncs()).isEqualTo(2);
    }

    @Test
    void worksRunOnTheWriterThreadAndAfterTheLastExclusiveActionWritesFailClearly() {
        String thread = commits.write(h -> Thread.currentThread().getName());
        assertThat(thread).isEqualTo("test-writer");
        assertThat(Thread.currentThread().getName()).isNotEqualTo("test-writer");

        assertThat(commits.exclusively(() -> "closing", true)).isEqualTo("closing");
        assertThatThrownBy(() -> commits.write(h -> h.execute("INSERT INTO t (id) VALUES (1)")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("store is closed");
    }

    @Test
    void aFailedSyncFailsItsWriterWithTheFileNamedAndTheNextWriteSyncsAgain() {
        syncFailure.set(new IOException("Input/output error"));

        assertThatThrownBy(() -> commits.write(h -> h.execute("INSERT INTO t (id) VALUES (1)")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("the test's WAL")
                .hasMessageContaining("Input/output error")
                .hasMessageContaining("may not survive a power loss");
        int inserted = commits.write(h -> h.execute("INSERT INTO t (id) VALUES (2)"));
        assertThat(inserted).isEqualTo(1);
        assertThat(commits.syncs()).isEqualTo(1);
        assertThat(ids()).containsExactly(1, 2);
    }

    @Test
    void aWriteThatFailedInASharedBatchReturnsWithoutWaitingForTheSync() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> leader = leaderHeldUntil(release);
        CompletableFuture<Integer> fails = CompletableFuture.supplyAsync(() -> commits.write(h -> {
            h.execute("INSERT INTO t (id) VALUES (2)");
            throw new IllegalStateException("write 2 refused");
        }), Thread::startVirtualThread);
        CompletableFuture<Integer> succeeds = CompletableFuture.supplyAsync(
                () -> commits.write(h -> h.execute("INSERT INTO t (id) VALUES (3)")), Thread::startVirtualThread);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> commits.waiting() == 2);
        syncGate.set(new CountDownLatch(1));
        release.countDown(); // the leader commits alone; the two queued ones share the next commit

        assertThatThrownBy(() -> fails.get(5, TimeUnit.SECONDS)).hasRootCauseMessage("write 2 refused");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ids().contains(3));
        assertThat(succeeds).isNotDone(); // its batch committed; it waits for the sync, the failed one did not
        syncGate.get().countDown();
        assertThat(succeeds.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(ids()).containsExactly(1, 3);
    }

    @Test
    void aReadRunsOnTheWriterBeforeTheWritesQueuedAheadOfItAndDoesNotWaitForTheirSync() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> leader = leaderHeldUntil(release);
        CompletableFuture<Integer> queuedWrite = CompletableFuture.supplyAsync(
                () -> commits.write(h -> h.execute("INSERT INTO t (id) VALUES (2)")), Thread::startVirtualThread);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> commits.waiting() == 1);
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> commits.read(h ->
                Thread.currentThread().getName() + " " + h.createQuery("SELECT id FROM t ORDER BY id")
                        .mapTo(Integer.class).list()), Thread::startVirtualThread);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> commits.waiting() == 2);
        syncGate.set(new CountDownLatch(1)); // every sync held from now on
        release.countDown();

        // the leader's commit, not the write queued before the read; and no sync waited for
        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("test-writer [1]");
        assertThat(leader).isNotDone();
        syncGate.get().countDown();
        assertThat(queuedWrite.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(commits.counts()).as("reads are neither commits nor writes").containsExactly(2, 2);
        List<Integer> after = commits.read(h -> h.createQuery("SELECT id FROM t ORDER BY id").mapTo(Integer.class).list());
        assertThat(after).containsExactly(1, 2);
    }

    @Test
    void aFailingReadFailsOnlyItsCallerAReadCannotWriteAndAReadInsideAWriteSeesItsTransaction() {
        assertThatThrownBy(() -> commits.read(h -> h.createQuery("SELECT nope FROM t").mapTo(Integer.class).list()))
                .hasMessageContaining("no such column: nope");
        assertThatThrownBy(() -> commits.read(h -> commits.write(w -> w.execute("INSERT INTO t (id) VALUES (1)"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("reads must not write");
        assertThatThrownBy(() -> commits.exclusively(() -> commits.write(w -> w.execute("INSERT INTO t (id) VALUES (1)")),
                false)).isInstanceOf(IllegalStateException.class).hasMessageContaining("would wait for itself");

        List<Integer> seen = commits.write(h -> {
            h.execute("INSERT INTO t (id) VALUES (2)");
            return commits.read(r -> r.createQuery("SELECT id FROM t").mapTo(Integer.class).list());
        });
        assertThat(seen).containsExactly(2);
        assertThat(ids()).containsExactly(2);
    }

    /** A write of id 1 that holds the writer thread (in its transaction) until {@code release}; returns once it does. */
    private CompletableFuture<Integer> leaderHeldUntil(CountDownLatch release) throws InterruptedException {
        CountDownLatch leaderRunning = new CountDownLatch(1);
        CompletableFuture<Integer> leader = CompletableFuture.supplyAsync(() -> commits.write(h -> {
            leaderRunning.countDown();
            await(release);
            return h.execute("INSERT INTO t (id) VALUES (1)");
        }), Thread::startVirtualThread);
        assertThat(leaderRunning.await(5, TimeUnit.SECONDS)).isTrue();
        return leader;
    }

    private List<Integer> ids() {
        return Jdbi.create("jdbc:sqlite:" + dir.resolve("g.db"))
                .withHandle(h -> h.createQuery("SELECT id FROM t ORDER BY id").mapTo(Integer.class).list());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
