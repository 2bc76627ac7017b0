package dev.tether.store.sqlite;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Group commit on SQLite's single write connection, run by one platform thread of its own. A caller queues its
 * work and waits; the writer thread takes every queued work, up to {@link #MAX_BATCH}, and runs them in one
 * transaction, each inside its own {@code SAVEPOINT}, and commits once. A work that throws is rolled back to its
 * savepoint and its exception goes to its own caller only; the others commit. Writers that arrive while a batch
 * runs are committed together in the next one, so the commits per second stay within what the disk can sync
 * while the writes per second grow with the number of writers.
 *
 * <p>The thread is a platform thread so that SQLite's native calls, which pin a virtual thread to its carrier,
 * never hold up the virtual threads' scheduler, and so that the next batch starts as soon as the last one
 * committed instead of waiting for its leader's turn on a busy carrier.
 *
 * <p>Every caller returns only after the commit that holds its write and, with a {@link WalSync}, after an
 * fsync of the WAL that began after that commit, so a write that returned is durable. The fsync runs on the
 * callers' threads: the writer thread commits the next batch while the disk syncs the last one (the connection
 * itself runs with {@code synchronous=NORMAL}). If the commit itself fails (or SQLite aborted the whole
 * transaction), every caller of that batch gets the failure and none of their writes is stored. Works run in
 * arrival order; a work that writes again from inside its callback joins the running transaction.
 *
 * <p>{@link #read Reads} queued with the writes run on the same connection before the next batch's writes, each
 * on its own (no transaction around them), and return at once: they see every committed write, and the pages the
 * writer has cached. Thread-safe.
 */
final class GroupCommit {
    /** Most works in one transaction: bounds the time one batch takes before anyone returns. */
    static final int MAX_BATCH = 64;
    private static final String STOPPED = "The SQLite writer has stopped: the store is closed. Open a new store.";

    private final Jdbi writer;
    private final WalSync sync;
    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    /** The open transaction's handle while a batch runs; only the writer thread touches it. */
    private Handle current;
    /** The handle while reads run; only the writer thread touches it. */
    private Handle reading;
    /** Transactions committed and writes in them so far; written by the writer thread only. */
    private volatile long commits;
    private volatile long writes;
    private volatile boolean stopped;
    /** What {@link WalSync} reads as a sync begins: every commit made so far is in the file. */
    private final LongSupplier committed = () -> commits;

    /** {@code sync} null: a commit is as durable as the connection's {@code synchronous} setting makes it. */
    GroupCommit(Jdbi writer, WalSync sync, String name) {
        this.writer = writer;
        this.sync = sync;
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
    }

    /** Runs {@code work} in a write transaction, possibly shared with other callers; returns after the commit. */
    <R> R write(HandleCallback<R, RuntimeException> work) {
        if (Thread.currentThread() == thread) {
            if (current != null) {
                return work.withHandle(current); // a write from inside a work: same transaction
            }
            throw new IllegalStateException(reading != null
                    ? "A read on the SQLite writer tried to write; reads must not write (write after the read returns)."
                    : "A write from the SQLite writer thread outside a batch would wait for itself; write from "
                            + "another thread.");
        }
        Pending<R> mine = new Pending<>(work, null, false);
        submit(mine);
        if (sync != null && mine.commit != 0 && mine.error == null) {
            sync.through(mine.commit, committed);
        }
        return mine.outcome();
    }

    /**
     * Runs {@code work}, which must not write, on the write connection before the next batch's writes (outside any
     * transaction); returns as soon as it ran. It sees every write committed before it started.
     */
    <R> R read(HandleCallback<R, RuntimeException> work) {
        if (Thread.currentThread() == thread) {
            Handle h = current != null ? current : reading;
            if (h != null) {
                return work.withHandle(h); // from inside a work or a read: on the same handle
            }
        }
        Pending<R> mine = new Pending<>(work, null, true);
        submit(mine);
        return mine.outcome();
    }

    /**
     * Runs {@code action} on the writer thread between two batches (for reading settings of the connection). With
     * {@code last}, the writer thread ends after it (for closing); later writes fail.
     */
    <R> R exclusively(Supplier<R> action, boolean last) {
        Pending<R> mine = new Pending<>(null, () -> {
            try {
                return action.get();
            } finally {
                stopped |= last;
            }
        }, false);
        submit(mine);
        return mine.outcome();
    }

    /** Transactions committed and writes in them so far; for tests and metrics. */
    long[] counts() {
        return new long[] {commits, writes};
    }

    /** WAL fsyncs so far (0 without a {@link WalSync}); for tests. */
    long syncs() {
        return sync == null ? 0 : sync.syncs();
    }

    /** Writes waiting for the writer thread; for tests. */
    int waiting() {
        return queue.size();
    }

    private void submit(Pending<?> mine) {
        mine.waiter = Thread.currentThread();
        queue.add(mine);
        // stopped after this was queued: the writer thread's last sweep fails it, unless it is still here to take
        if (stopped && queue.remove(mine)) {
            throw new IllegalStateException(STOPPED);
        }
        boolean interrupted = false;
        while (!mine.done) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted(); // the write goes on regardless: its outcome must be known
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
        List<Pending<?>> reads = new ArrayList<>();
        Pending<?> exclusive = null;
        try {
            while (!stopped) {
                Pending<?> first = exclusive != null ? exclusive : queue.take();
                exclusive = null;
                if (first.action != null) {
                    first.runAlone();
                    first.finish();
                    continue;
                }
                (first.read ? reads : batch).add(first);
                for (Pending<?> p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) {
                    if (p.action != null) {
                        exclusive = p; // after this batch
                        break;
                    }
                    (p.read ? reads : batch).add(p);
                }
                if (!reads.isEmpty()) {
                    runReads(reads);
                    reads.clear();
                }
                if (!batch.isEmpty()) {
                    runBatch(batch);
                    batch.clear();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // nobody interrupts this thread; if someone does, it ends cleanly
        } finally {
            stopped = true;
            if (exclusive != null) {
                exclusive.failed(new IllegalStateException(STOPPED));
                exclusive.finish();
            }
            for (Pending<?> p; (p = queue.poll()) != null; ) {
                p.failed(new IllegalStateException(STOPPED));
                p.finish();
            }
        }
    }

    /** Runs each read on its own and returns it at once; a failed read fails only its own caller. */
    private void runReads(List<Pending<?>> reads) {
        try {
            writer.useHandle(h -> {
                reading = h;
                try {
                    for (Pending<?> p : reads) {
                        p.runRead(h);
                    }
                } finally {
                    reading = null;
                }
            });
        } catch (RuntimeException | Error e) {
            for (Pending<?> p : reads) {
                if (!p.done) {
                    p.failed(e); // the connection could not be had
                    p.finish();
                }
            }
        }
    }

    private void runBatch(List<Pending<?>> batch) {
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
            writes += batch.size();
            commits = commit;
            for (Pending<?> p : batch) {
                p.commit = commit;
            }
        } catch (RuntimeException | Error e) {
            for (Pending<?> p : batch) {
                p.failed(e); // nothing of this batch was committed
            }
        } finally {
            for (Pending<?> p : batch) {
                p.finish();
            }
        }
    }

    /**
     * One caller's work (or exclusive action) and, once done, its outcome. The fields are written by the writer
     * thread before {@link #done}, and read by the caller after it.
     */
    private static final class Pending<R> {
        private final HandleCallback<R, RuntimeException> work;
        private final Supplier<R> action;
        /** A {@link #read}: runs before the batch's writes, outside the transaction. */
        private final boolean read;
        private R value;
        private Throwable error;
        private volatile boolean done;
        Thread waiter;
        /** The number of the commit that stored this work; 0 if none did. */
        long commit;

        Pending(HandleCallback<R, RuntimeException> work, Supplier<R> action, boolean read) {
            this.work = work;
            this.action = action;
            this.read = read;
        }

        void runRead(Handle h) {
            try {
                value = work.withHandle(h);
            } catch (RuntimeException | Error e) {
                error = e;
            } finally {
                finish();
            }
        }

        void runAlone() {
            try {
                value = action.get();
            } catch (RuntimeException | Error e) {
                error = e;
            }
        }

        void finish() {
            done = true;
            LockSupport.unpark(waiter);
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
