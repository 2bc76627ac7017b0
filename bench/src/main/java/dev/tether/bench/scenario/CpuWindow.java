package dev.tether.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.bench.server.ProcStats;
import dev.tether.bench.server.ServerProcess;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * CPU used by the server (or another measured process) and by this load generator over a window of wall time,
 * and the generator's GC time.
 */
final class CpuWindow {
    private final LongSupplier serverCpu;
    private final long wall0;
    private final long server0;
    private final long self0;
    private final long gc0;
    private final long machine0;

    private CpuWindow(LongSupplier serverCpu) {
        this.serverCpu = serverCpu;
        this.wall0 = System.nanoTime();
        this.server0 = serverCpu.getAsLong();
        this.self0 = selfCpu();
        this.gc0 = gcMillis();
        this.machine0 = ProcStats.machineBusyNanos();
    }

    static CpuWindow start(ServerProcess server) {
        return new CpuWindow(server::cpuNanos);
    }

    /** The same for any process of this machine, e.g. one standing in for the server. */
    static CpuWindow start(long pid) {
        return new CpuWindow(() -> ProcStats.cpuNanos(pid));
    }

    /** Adds {@code serverCores}, {@code generatorCores}, {@code wallSeconds}, {@code generatorGcMs} to {@code out}. */
    Figures end(ObjectNode out) {
        Figures f = end();
        out.put("wallSeconds", round(f.wallSeconds())).put("serverCores", round(f.serverCores()))
                .put("generatorCores", round(f.generatorCores())).put("otherProcessesCores", round(f.otherCores()))
                .put("generatorGcMs", f.generatorGcMs());
        return f;
    }

    /** The figures since {@link #start}. */
    Figures end() {
        double wall = (System.nanoTime() - wall0) / 1e9;
        double serverCores = (serverCpu.getAsLong() - server0) / 1e9 / wall;
        double selfCores = (selfCpu() - self0) / 1e9 / wall;
        long gc = gcMillis() - gc0;
        double machineCores = (ProcStats.machineBusyNanos() - machine0) / 1e9 / wall;
        double otherCores = Math.max(0, machineCores - serverCores - selfCores);
        return new Figures(wall, serverCores, selfCores, otherCores, gc);
    }

    /**
     * @param otherCores CPU used by every other process on the machine meanwhile (builds, browsers): anything
     *                   well above zero means the figures were taken on a busy machine
     */
    record Figures(double wallSeconds, double serverCores, double generatorCores, double otherCores,
                   long generatorGcMs) { }

    private static long selfCpu() {
        return ProcStats.cpuNanos(ProcessHandle.current().pid());
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, b.getCollectionTime());
        }
        return sum;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
