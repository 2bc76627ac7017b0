package dev.tether.store.sqlite;

import dev.tether.store.StoreException;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Makes SQLite commits durable off the writer thread. The write connection runs with {@code synchronous=NORMAL}:
 * a commit writes its frames to the WAL file and returns without waiting for the disk. Each writer whose batch
 * {@link GroupCommit} committed then calls {@link #through} on its own thread, and returns only once an fsync of
 * the WAL file that began after its commit has finished; that is what SQLite's {@code synchronous=FULL} does at
 * the end of every commit, but here the writer thread commits the next batch while the disk syncs, and one fsync
 * serves every commit made before it began. SQLite syncs the WAL before each checkpoint itself.
 *
 * <p>The difference from {@code FULL}: other connections can read a commit up to one fsync before it is
 * durable. Only a power loss (not a crash of the process, whose writes are in the OS's cache) can then take
 * back something a reader saw; nothing a writer was told is stored can be lost. Thread-safe.
 */
final class WalSync {
    /** The fsync itself; a seam for tests. */
    @FunctionalInterface
    interface Force {
        void force() throws IOException;
    }

    private final String what;
    private final Force force;
    private final ReentrantLock lock = new ReentrantLock();
    /** Commits known to be on disk. Written under {@link #lock}. */
    private volatile long synced;
    private long syncs;

    WalSync(String what, Force force) {
        this.what = what;
        this.force = force;
    }

    /**
     * Syncs the WAL file of the database at {@code dbFile} ({@code <file>-wal}), opened anew for each sync: SQLite
     * deletes the WAL when its last connection closes (the pools may retire every connection at once) and creates
     * a new file later, and a channel kept open would go on syncing the deleted one.
     */
    static WalSync of(Path dbFile) {
        Path wal = dbFile.resolveSibling(dbFile.getFileName() + "-wal");
        return new WalSync("SQLite's WAL file " + wal, () -> {
            try (FileChannel channel = FileChannel.open(wal, StandardOpenOption.WRITE)) {
                channel.force(false);
            } catch (NoSuchFileException e) {
                // SQLite deletes the WAL only after checkpointing all of it into the database and syncing that
            }
        });
    }

    /**
     * Returns once commit number {@code commit} is on disk: if no sync that began after it has finished, syncs
     * the file once for every commit made so far ({@code committed}, read as the sync begins).
     *
     * @throws StoreException if the sync fails; the commit may then not survive a power loss
     */
    void through(long commit, LongSupplier committed) {
        if (synced >= commit) {
            return;
        }
        lock.lock();
        try {
            if (synced >= commit) {
                return; // a sync that began after this commit finished while this caller waited for the lock
            }
            long covered = committed.getAsLong();
            try {
                forceUninterruptibly();
            } catch (IOException e) {
                throw new StoreException("The write was committed, but syncing " + what + " to disk failed (" + e
                        + "), so it may not survive a power loss. Check the disk (free space, errors in the system"
                        + " log); the next write tries the sync again.", e);
            }
            syncs++;
            synced = covered;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the fsync with the caller's interrupt held back. The commit is already made, so the caller must learn
     * that it is durable whatever else it is asked to do: a file channel closes itself when its thread is
     * interrupted (before or during {@code force}), and a caller told "failed" would store its write a second
     * time. An interrupted attempt is retried on a new channel; the interrupt is restored afterwards.
     */
    private void forceUninterruptibly() throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    force.force();
                    return;
                } catch (ClosedByInterruptException e) {
                    interrupted |= Thread.interrupted();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How many fsyncs ran so far; for tests. */
    long syncs() {
        lock.lock();
        try {
            return syncs;
        } finally {
            lock.unlock();
        }
    }
}
