package dev.tether.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalSyncTest {
    @TempDir
    Path dir;

    /**
     * A caller interrupted while its write commits (a reply's checkpoint thread being stopped, say) must still
     * learn that the write is stored: an interrupt would otherwise close the file channel mid-fsync and the
     * caller, told the write failed, would store it a second time.
     */
    @Test
    void anInterruptedCallerStillSyncsAndKeepsItsInterrupt() throws Exception {
        Path db = dir.resolve("w.db");
        Files.writeString(dir.resolve("w.db-wal"), "frames");
        WalSync sync = WalSync.of(db);

        Thread.currentThread().interrupt();
        try {
            sync.through(1, () -> 1);
            assertThat(Thread.currentThread().isInterrupted()).as("the caller's interrupt is kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(sync.syncs()).isEqualTo(1);
    }

    @Test
    void anInterruptDuringTheSyncIsRetriedOnANewChannel() {
        AtomicInteger attempts = new AtomicInteger();
        WalSync sync = new WalSync("the test's WAL", () -> {
            if (attempts.incrementAndGet() == 1) {
                Thread.currentThread().interrupt(); // what an interrupt arriving mid-force does to a FileChannel
                throw new java.nio.channels.ClosedByInterruptException();
            }
        });
        try {
            sync.through(1, () -> 1);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(attempts).hasValue(2);
        assertThat(sync.syncs()).isEqualTo(1);
    }

    @Test
    void aMissingWalCountsAsSynced() {
        WalSync sync = WalSync.of(dir.resolve("none.db"));
        sync.through(1, () -> 1);
        assertThat(sync.syncs()).isEqualTo(1);
        sync.through(1, () -> 1);
        assertThat(sync.syncs()).as("commit 1 is already on disk").isEqualTo(1);
    }
}
