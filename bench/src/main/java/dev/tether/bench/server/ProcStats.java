package dev.tether.bench.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Reads a process's figures from Linux's {@code /proc}. */
public final class ProcStats {
    /** USER_HZ: the unit of utime and stime in /proc/PID/stat; 100 on every Linux this runs on. */
    private static final long TICK_NANOS = 10_000_000L;

    private ProcStats() {
    }

    /** A numeric field of {@code /proc/PID/status} ("VmRSS", "Threads"...); kB for sizes. */
    public static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
            throw new IllegalStateException("No '" + field + "' in /proc/" + pid + "/status");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read /proc/" + pid + "/status; has the process exited?", e);
        }
    }

    /** utime + stime of the process, in nanoseconds. */
    public static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is f[0], utime is field 14 of the full line -> f[11], stime f[12]
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read /proc/" + pid + "/stat", e);
        }
    }

    public static long openFiles(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list /proc/" + pid + "/fd", e);
        }
    }

    /** CPU time the whole machine spent busy (all but idle and iowait), from {@code /proc/stat}, in nanoseconds. */
    public static long machineBusyNanos() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = cpu.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 7; i++) { // user nice system idle iowait irq softirq
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * TICK_NANOS;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read /proc/stat", e);
        }
    }

    /** Memory used by the whole machine (MemTotal - MemAvailable), in bytes. */
    public static long machineUsedBytes() {
        try {
            long total = 0;
            long available = 0;
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    total = Long.parseLong(line.split("\\s+")[1]);
                } else if (line.startsWith("MemAvailable:")) {
                    available = Long.parseLong(line.split("\\s+")[1]);
                }
            }
            return (total - available) * 1024;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read /proc/meminfo", e);
        }
    }
}
