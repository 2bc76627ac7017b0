package dev.tether.bench.nio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One selector on one platform thread, with a task queue and timers. Everything registered here runs on this
 * thread, so handlers need no locks. {@link #execute} and {@link #schedule} may be called from any thread.
 * Timers fire at most about a millisecond late (the selector's timeout resolution); a handler that throws
 * closes its key and is reported, the loop carries on.
 */
public final class EventLoop implements AutoCloseable {
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long timerOrder;
    private volatile boolean closed;

    /** Something selected keys are handed to; runs on the loop thread. */
    @FunctionalInterface
    public interface Handler {
        void onReady(SelectionKey key) throws IOException;
    }

    private record Timer(long atNanos, long order, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(atNanos, o.atNanos);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    public EventLoop(String name) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open a selector for " + name, e);
        }
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
        thread.start();
    }

    public Selector selector() {
        return selector;
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread, soon. */
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop()) {
            selector.wakeup();
        }
    }

    /** Runs {@code task} on the loop thread at {@code atNanos} ({@link System#nanoTime()} scale) or soon after. */
    public void schedule(long atNanos, Runnable task) {
        if (inLoop()) {
            timers.add(new Timer(atNanos, timerOrder++, task));
        } else {
            execute(() -> timers.add(new Timer(atNanos, timerOrder++, task)));
        }
    }

    private void run() {
        while (!closed) {
            try {
                long wait = waitMillis();
                int ready = wait == 0 ? selector.selectNow() : selector.select(wait);
                if (ready > 0) {
                    var keys = selector.selectedKeys();
                    for (var it = keys.iterator(); it.hasNext(); ) {
                        SelectionKey key = it.next();
                        it.remove();
                        dispatch(key);
                    }
                }
                runTimers();
                runTasks();
            } catch (IOException | RuntimeException e) {
                System.err.println(thread.getName() + ": loop error: " + e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            System.err.println(thread.getName() + ": closing the selector failed: " + e);
        }
    }

    private long waitMillis() {
        if (!tasks.isEmpty()) {
            return 0;
        }
        Timer next = timers.peek();
        if (next == null) {
            return 100;
        }
        long nanos = next.atNanos - System.nanoTime();
        return nanos <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos));
    }

    private static void dispatch(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        try {
            ((Handler) key.attachment()).onReady(key);
        } catch (IOException | RuntimeException e) {
            key.cancel();
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // already failing; the handler's error below is the one worth reporting
            }
            if (!(e instanceof IOException)) {
                System.err.println("handler failed: " + e);
                e.printStackTrace();
            }
        }
    }

    private void runTimers() {
        long now = System.nanoTime();
        Timer t;
        while ((t = timers.peek()) != null && t.atNanos <= now) {
            timers.poll();
            safely(t.task);
        }
    }

    private void runTasks() {
        Runnable r;
        int budget = 100_000;
        while (budget-- > 0 && (r = tasks.poll()) != null) {
            safely(r);
        }
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            System.err.println(thread.getName() + ": task failed: " + e);
            e.printStackTrace();
        }
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
