package dev.tether.store.sqlite;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Group commit on SQLite's single write connection. A writer queues its work and takes the write lock; the
 * thread holding the lock (the leader) runs every queued work, up to {@link #MAX_BATCH}, in one transaction,
 * each inside its own {@code SAVEPOINT}, and commits once. A work that throws is rolled back to its savepoint
 * and its exception goes to its own caller only; the others commit. While the leader waits for the commit's
 * fsync, new writers queue up and the next leader commits them together, so the number of fsyncs per second
 * stays near the disk's limit while the writes per second grow with the number of writers.
 *
 * <p>Every caller returns only after the commit that holds its write and, with a {@link WalSync}, after an
 * fsync of the WAL that began after that commit, so a write that returned is durable. The fsync runs after the
 * lock is let go: the next leader commits its batch while the disk syncs the last one (the connection itself
 * runs with {@code synchronous=NORMAL}). If the commit itself fails (or SQLite aborted the whole transaction),
 * every caller of that batch gets the failure and none of their writes is stored. Works run on the leader's
 * thread, in arrival order; a work that writes again from inside its callback joins the running transaction.
 * Thread-safe.
 */
final class GroupCommit {
    /** Most works in one transaction: bounds the time a single leader spends before anyone returns. */
    static final int MAX_BATCH = 64;

    private final Jdbi writer;
    private final WalSync sync;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    /** The open transaction's handle while a leader runs a batch; guarded by {@link #lock}. */
    private Handle current;
    /** Transactions committed so far; written under {@link #lock}, read by {@link WalSync} without it. */
    private volatile long commits;
    private long writes;

    /** {@code sync} null: a commit is as durable as the connection's {@code synchronous} setting makes it. */
    GroupCommit(Jdbi writer, WalSync sync) {
        this.writer = writer;
        this.sync = sync;
    }

    /** Runs {@code work} in a write transaction, possibly shared with other callers; returns after the commit. */
    <R> R write(HandleCallback<R, RuntimeException> work) {
        if (lock.isHeldByCurrentThread() && current != null) {
            return work.withHandle(current); // a write from inside a work: same transaction
        }
        Pending<R> mine = new Pending<>(work);
        queue.add(mine);
        lock.lock();
        try {
            while (!mine.done) {
                runBatch(); // more than MAX_BATCH may be queued ahead of this one: commit until it is in
            }
        } finally {
            lock.unlock();
        }
        if (sync != null && mine.commit != 0 && mine.error == null) {
            sync.through(mine.commit, () -> commits);
        }
        return mine.outcome();
    }

    /** Runs {@code action} with no batch running (for closing, and for reading settings of the connection). */
    <R> R exclusively(Supplier<R> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Transactions committed and writes in them so far; for tests and metrics. */
    long[] counts() {
        lock.lock();
        try {
            return new long[] {commits, writes};
        } finally {
            lock.unlock();
        }
    }

    /** WAL fsyncs so far (0 without a {@link WalSync}); for tests. */
    long syncs() {
        return sync == null ? 0 : sync.syncs();
    }

    /** Writes waiting for a leader; for tests. */
    int waiting() {
        return queue.size();
    }

    private void runBatch() {
        List<Pending<?>> batch = new ArrayList<>();
        for (Pending<?> p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) {
            batch.add(p);
        }
        boolean shared = batch.size() > 1;
        try {
            writer.useTransaction(h -> {
                current = h;
                try {
                    for (Pending<?> p : batch) {
                        p.run(h, shared);
                    }
                } finally {
                    current = null;
                }
            });
            long commit = commits + 1;
            commits = commit;
            writes += batch.size();
            for (Pending<?> p : batch) {
                p.commit = commit;
            }
        } catch (RuntimeException | Error e) {
            for (Pending<?> p : batch) {
                p.failed(e); // nothing of this batch was committed
            }
        } finally {
            for (Pending<?> p : batch) {
                p.done = true;
            }
        }
    }

    /** One caller's work and, once its batch is done, its outcome. Fields are published by the lock. */
    private static final class Pending<R> {
        private final HandleCallback<R, RuntimeException> work;
        private R value;
        private Throwable error;
        boolean done;
        /** The number of the commit that stored this work; 0 if none did. */
        long commit;

        Pending(HandleCallback<R, RuntimeException> work) {
            this.work = work;
        }

        /** Runs the work; alone in its transaction it needs no savepoint (a failure rolls back everything). */
        void run(Handle h, boolean savepoint) {
            if (!savepoint) {
                value = work.withHandle(h); // a failure propagates and rolls the transaction back
                return;
            }
            sql(h, "SAVEPOINT tether_write");
            try {
                value = work.withHandle(h);
            } catch (RuntimeException | Error e) {
                error = e;
                sql(h, "ROLLBACK TO tether_write"); // throws if SQLite already aborted the whole transaction
            }
            sql(h, "RELEASE tether_write");
        }

        void failed(Throwable e) {
            value = null;
            if (error == null) {
                error = e; // its own failure, if it had one, says more than the batch's
            }
        }

        R outcome() {
            if (error instanceof RuntimeException e) {
                throw e;
            }
            if (error instanceof Error e) {
                throw e;
            }
            return value;
        }

        /** Through Jdbi, so the statement comes from the connection's {@link StatementCache}. */
        private static void sql(Handle h, String statement) {
            h.execute(statement);
        }
    }
}
