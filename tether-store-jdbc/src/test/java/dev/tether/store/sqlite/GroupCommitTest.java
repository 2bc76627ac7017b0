package dev.tether.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
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

    @BeforeEach
    void open() {
        Path file = dir.resolve("g.db");
        jdbi = Jdbi.create(SqliteSetup.dataSource(file, SqliteOptions.defaults(), true));
        jdbi.useHandle(h -> h.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
        commits = new GroupCommit(jdbi);
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

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
