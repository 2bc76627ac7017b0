package dev.tether.queue;

import dev.tether.store.JobStore;
import dev.tether.store.Lane;
import dev.tether.store.NewJob;
import dev.tether.store.NewUserMessage;
import dev.tether.store.StoredJob;
import dev.tether.store.Submitted;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link JobQueue} of a single server: durable in a {@link JobStore}, scheduled in memory. Opening it
 * loads the open jobs the store kept (after a crash or restart) in their order.
 *
 * <p>Scheduling: each key has its jobs in order and at most one running. A key whose first job may start is
 * "ready" in its job's lane. {@link #take} serves the interactive lane first, except that after
 * {@value #INTERACTIVE_PER_BACKGROUND} interactive jobs in a row a ready background job goes next.
 * A job given back with a delay keeps its key's head and makes it ready when the delay is over.
 *
 * <p>Store writes happen outside the scheduling lock, so a slow disk delays producers and finishing workers,
 * never other takers.
 */
public final class LocalJobQueue implements JobQueue {
    /** Interactive jobs started in a row before a waiting background job gets its turn. */
    static final int INTERACTIVE_PER_BACKGROUND = 4;

    private final JobStore store;
    private final int capacity;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Key> keys = new HashMap<>();
    private final Map<Lane, ArrayDeque<Key>> ready = new EnumMap<>(Lane.class);
    private final PriorityQueue<Key> delayed = new PriorityQueue<>((a, b) ->
            a.head().notBefore().compareTo(b.head().notBefore()));
    private final Throughput throughput = new Throughput();
    /** Jobs here (queued or running), and jobs being stored that will be: together at most {@link #capacity}. */
    private int open;
    private int reserved;
    private int running;
    private final Set<Long> runningIds = new HashSet<>();
    private int interactiveInARow;
    private long completed;
    private boolean closed;

    /** One key's jobs: the running one (if any) is not in {@link #jobs}. */
    private static final class Key {
        final String name;
        final ArrayDeque<StoredJob> jobs = new ArrayDeque<>();
        boolean running;

        Key(String name) {
            this.name = name;
        }

        StoredJob head() {
            return jobs.peekFirst();
        }
    }

    private LocalJobQueue(JobStore store, int capacity, Clock clock) {
        this.store = store;
        this.capacity = capacity;
        this.clock = clock;
        for (Lane lane : Lane.values()) {
            ready.put(lane, new ArrayDeque<>());
        }
    }

    /** Opens the queue on {@code store}, loading the jobs it kept open. */
    public static LocalJobQueue open(JobStore store, int capacity, Clock clock) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 but was " + capacity);
        }
        LocalJobQueue queue = new LocalJobQueue(store, capacity, clock);
        queue.lock.lock();
        try {
            for (StoredJob job : store.openJobs()) {
                queue.add(job);
            }
        } finally {
            queue.lock.unlock();
        }
        return queue;
    }

    @Override
    public Submitted submit(NewUserMessage message, Lane lane, OnStored onStored) {
        reserve();
        Submitted submitted;
        try {
            submitted = store.submitUserMessage(message, lane);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        if (submitted.duplicate()) {
            release(); // its job, if still open, is already here
            return submitted;
        }
        StoredJob job = submitted.job().orElseThrow(() -> new IllegalStateException(
                "The store returned no reply job for new message " + submitted.message().id()));
        lock.lock();
        try {
            Key key = keys.get(job.key());
            int ahead = key == null ? 0 : key.jobs.size() + (key.running ? 1 : 0);
            reserved--;
            onStored.accept(submitted, ahead); // under the lock: no worker can take the job before this ran
            add(job);
        } finally {
            lock.unlock();
        }
        return submitted;
    }

    @Override
    public StoredJob enqueue(NewJob job) {
        reserve();
        StoredJob stored;
        try {
            stored = store.enqueue(job);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        lock.lock();
        try {
            reserved--;
            Key key = keys.get(stored.key());
            boolean known = runningIds.contains(stored.id())
                    || (key != null && key.jobs.stream().anyMatch(j -> j.id() == stored.id()));
            if (!known) { // else: the open reply already here was returned, nothing new was queued
                add(stored);
            }
        } finally {
            lock.unlock();
        }
        return stored;
    }

    @Override
    public StoredJob take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                Optional<StoredJob> job = poll();
                if (job.isPresent()) {
                    return job.get();
                }
                Key soonest = delayed.peek();
                if (soonest == null) {
                    changed.await();
                } else {
                    long wait = Duration.between(clock.instant(), soonest.head().notBefore()).toMillis();
                    changed.await(Math.max(1, wait), TimeUnit.MILLISECONDS);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The next job that may run now, marked running; empty if none may. Never waits. */
    public Optional<StoredJob> poll() {
        lock.lock();
        try {
            if (closed) {
                throw new Closed();
            }
            promoteDue();
            return nextReady().map(key -> {
                StoredJob job = key.jobs.pollFirst();
                key.running = true;
                running++;
                runningIds.add(job.id());
                return job;
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void done(StoredJob job) {
        store.finish(job.id());
        lock.lock();
        try {
            finishRunning(job);
            completed++;
            throughput.record(clock.millis());
            open--;
            Key key = keys.get(job.key());
            if (key.jobs.isEmpty()) {
                keys.remove(job.key());
            } else {
                schedule(key);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public StoredJob retryLater(StoredJob job, Duration delay, String reason) {
        Instant notBefore = clock.instant().plus(delay);
        int attempts = job.attempts() + 1;
        store.reschedule(job.id(), attempts, notBefore, reason);
        StoredJob again = new StoredJob(job.id(), job.key(), job.lane(), job.kind(), job.conversationId(),
                job.userMessageId(), job.payload(), attempts, notBefore, job.createdAt(), Optional.of(reason));
        lock.lock();
        try {
            finishRunning(job);
            Key key = keys.get(job.key());
            key.jobs.addFirst(again);
            schedule(key);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return again;
    }

    @Override
    public Optional<StoredJob> cancelDelayed(String key) {
        lock.lock();
        try {
            Key k = keys.get(key);
            StoredJob head = k == null ? null : k.head();
            if (head == null || k.running || !head.notBefore().isAfter(clock.instant())) {
                return Optional.empty();
            }
            store.finish(head.id());
            delayed.remove(k);
            k.jobs.pollFirst();
            open--;
            if (k.jobs.isEmpty()) {
                keys.remove(key);
            } else {
                schedule(k);
            }
            changed.signalAll();
            return Optional.of(head);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<StoredJob> cancelConversation(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        List<StoredJob> dropped = new ArrayList<>();
        lock.lock();
        try {
            for (Iterator<Key> keysLeft = keys.values().iterator(); keysLeft.hasNext(); ) {
                Key k = keysLeft.next();
                int before = dropped.size();
                for (Iterator<StoredJob> it = k.jobs.iterator(); it.hasNext(); ) {
                    StoredJob job = it.next();
                    if (job.conversationId().filter(conversationId::equals).isPresent()) {
                        it.remove();
                        dropped.add(job);
                    }
                }
                if (dropped.size() == before) {
                    continue;
                }
                // the key was filed under its old head: file it again under the new one, or forget it
                ready.values().forEach(lane -> lane.remove(k));
                delayed.remove(k);
                if (k.jobs.isEmpty() && !k.running) {
                    keysLeft.remove();
                } else {
                    schedule(k);
                }
            }
            open -= dropped.size();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        dropped.forEach(job -> store.finish(job.id()));
        return dropped;
    }

    @Override
    public List<StoredJob> waiting(String key) {
        lock.lock();
        try {
            Key k = keys.get(key);
            return k == null ? List.of() : List.copyOf(k.jobs);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Set<String> waitingKeys() {
        lock.lock();
        try {
            Set<String> busy = new java.util.LinkedHashSet<>();
            keys.forEach((key, k) -> {
                if (!k.jobs.isEmpty()) {
                    busy.add(key);
                }
            });
            return busy;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Stats stats() {
        lock.lock();
        try {
            int interactive = 0;
            int background = 0;
            for (Key k : keys.values()) {
                for (StoredJob j : k.jobs) {
                    if (j.lane() == Lane.INTERACTIVE) {
                        interactive++;
                    } else {
                        background++;
                    }
                }
            }
            return new Stats(interactive, background, running, capacity, completed);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Counts a job against the capacity before it is stored, so concurrent producers cannot overshoot. */
    private void reserve() {
        lock.lock();
        try {
            if (open + reserved >= capacity) {
                throw new QueueFullException(capacity, throughput.timeToDrain(open + reserved - capacity + 1,
                        clock.millis()));
            }
            reserved++;
        } finally {
            lock.unlock();
        }
    }

    private void release() {
        lock.lock();
        try {
            reserved--;
        } finally {
            lock.unlock();
        }
    }

    /** With the lock: adds a stored job. */
    private void add(StoredJob job) {
        Key key = keys.computeIfAbsent(job.key(), Key::new);
        key.jobs.addLast(job);
        if (key.jobs.size() == 1 && !key.running) {
            schedule(key);
        }
        open++;
        changed.signalAll();
    }

    private void finishRunning(StoredJob job) {
        Key key = keys.get(job.key());
        if (key == null || !key.running || !runningIds.remove(job.id())) {
            throw new IllegalStateException("Job " + job.id() + " of '" + job.key() + "' is not running here.");
        }
        key.running = false;
        running--;
    }

    /** With the lock: puts a key with a first job and nothing running where {@link #take} will find it. */
    private void schedule(Key key) {
        StoredJob head = key.head();
        if (head == null || key.running) {
            return;
        }
        if (head.notBefore().isAfter(clock.instant())) {
            delayed.add(key);
        } else {
            ready.get(head.lane()).addLast(key);
        }
    }

    private void promoteDue() {
        Instant now = clock.instant();
        while (!delayed.isEmpty() && !delayed.peek().head().notBefore().isAfter(now)) {
            Key key = delayed.poll();
            ready.get(key.head().lane()).addLast(key);
        }
    }

    private Optional<Key> nextReady() {
        ArrayDeque<Key> interactive = ready.get(Lane.INTERACTIVE);
        ArrayDeque<Key> background = ready.get(Lane.BACKGROUND);
        boolean backgroundsTurn = !background.isEmpty()
                && (interactive.isEmpty() || interactiveInARow >= INTERACTIVE_PER_BACKGROUND);
        if (backgroundsTurn) {
            interactiveInARow = 0;
            return Optional.of(background.pollFirst());
        }
        if (!interactive.isEmpty()) {
            interactiveInARow++;
            return Optional.of(interactive.pollFirst());
        }
        return Optional.empty();
    }

    /** Completions per second over the last minute, to tell a refused producer when to come back. */
    private static final class Throughput {
        private final ArrayDeque<Long> times = new ArrayDeque<>();

        void record(long now) {
            times.addLast(now);
            while (times.size() > 10_000 || (!times.isEmpty() && times.peekFirst() < now - 60_000)) {
                times.pollFirst();
            }
        }

        Duration timeToDrain(int jobs, long now) {
            while (!times.isEmpty() && times.peekFirst() < now - 60_000) {
                times.pollFirst();
            }
            if (times.size() < 2) {
                return Duration.ofSeconds(5);
            }
            double perSecond = times.size() / Math.max(1.0, (now - times.peekFirst()) / 1000.0);
            long seconds = (long) Math.ceil(jobs / perSecond);
            return Duration.ofSeconds(Math.clamp(seconds, 1, 60));
        }
    }
}
