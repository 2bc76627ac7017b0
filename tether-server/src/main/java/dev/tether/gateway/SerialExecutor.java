package dev.tether.gateway;

import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's requests one after another on a virtual thread (started only while there is work),
 * so requests that touch the store never run on an I/O thread and keep the order the client sent them in.
 * At most {@link #MAX_PENDING} requests wait; {@link #execute} refuses more.
 */
final class SerialExecutor {
    static final int MAX_PENDING = 64;
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(2); // most connections have 0-1 waiting; it grows
    private boolean running;

    /** Queues a task; returns false if too many are waiting. */
    boolean execute(Runnable task) {
        synchronized (this) {
            if (tasks.size() >= MAX_PENDING) {
                return false;
            }
            tasks.addLast(task);
            if (running) {
                return true;
            }
            running = true;
        }
        Thread.ofVirtual().name("ws-requests").start(this::drain);
        return true;
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (this) {
                task = tasks.pollFirst();
                if (task == null) {
                    running = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("A WebSocket request failed: {}", e.toString(), e);
            }
        }
    }
}
