package dev.tether.gateway;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a flood of connections from taking the heap. Checked once a second by the gateway's timer: when the
 * heap (as the last garbage collection left it) is fuller than the high-water fraction of its maximum, idle
 * connections give back their grown buffers and the stalest idle tenth (at least one) is closed with 1013
 * ("try again later"); those clients reconnect and resume. It then waits {@value #COOLDOWN_MILLIS} ms before
 * acting again, so the collector can show the effect. Each action is logged and counted.
 */
final class MemoryWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryWatchdog.class);
    static final long COOLDOWN_MILLIS = 10_000;

    private final double highWater;
    private final DoubleSupplier heapFullness;
    private final AtomicLong triggered = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private long quietUntil;

    MemoryWatchdog(double highWater, DoubleSupplier heapFullness) {
        this.highWater = highWater;
        this.heapFullness = heapFullness;
    }

    /** Checks the heap; when over the high-water mark, trims and closes among {@code connections}. */
    void check(long now, List<Connection> connections) {
        if (highWater <= 0 || now < quietUntil) {
            return;
        }
        double full = heapFullness.getAsDouble();
        if (full < highWater) {
            return;
        }
        quietUntil = now + COOLDOWN_MILLIS;
        triggered.incrementAndGet();
        List<Connection> idle = connections.stream()
                .filter(c -> c.state() == Connection.State.OPEN && c.idle())
                .sorted(Comparator.comparingLong(c -> c.lastUsedMillis))
                .toList();
        idle.forEach(Connection::trim);
        int toClose = idle.isEmpty() ? 0 : Math.max(1, idle.size() / 10);
        for (Connection c : idle.subList(0, toClose)) {
            c.close(1013, "server memory is low; reconnect and resume");
        }
        closed.addAndGet(toClose);
        LOG.warn("Heap is {}% full (memory-high-water {}%): trimmed {} idle connections and closed the {} stalest "
                        + "(they reconnect and resume). Raise -Xmx or lower server.max-connections-per-user if this "
                        + "repeats.", Math.round(full * 100), Math.round(highWater * 100), idle.size(), toClose);
    }

    long triggered() {
        return triggered.get();
    }

    long closed() {
        return closed.get();
    }

    /** Heap used after the last collection over the maximum, across the heap pools (0 if unknown). */
    static double heapAfterLastGc() {
        long used = 0;
        long max = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) {
                continue;
            }
            MemoryUsage after = pool.getCollectionUsage();
            MemoryUsage now = pool.getUsage();
            if (after != null) {
                used += after.getUsed();
            }
            if (now != null && now.getMax() > 0) {
                max += now.getMax();
            }
        }
        long heapMax = Runtime.getRuntime().maxMemory();
        return heapMax > 0 ? (double) used / heapMax : (max > 0 ? (double) used / max : 0);
    }
}
