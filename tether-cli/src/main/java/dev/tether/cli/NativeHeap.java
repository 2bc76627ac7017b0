package dev.tether.cli;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Gives the C heap's free memory back to the operating system once the server has started. Starting leaves
 * memory the JVM no longer uses in glibc's arenas (mostly the JIT compilers' scratch arenas, ~10 MiB), which
 * glibc keeps and counts in the resident size until something trims it. The JDK's own diagnostic command
 * ({@code jcmd PID System.trim_native_heap}) does that; this runs it in-process. Elsewhere than glibc the
 * command says it is not supported, which is fine.
 *
 * <p>One trim is not enough: the compilers keep compiling what the start-up made hot for a few seconds more,
 * and their scratch memory, freed and reused, touches the trimmed pages again (measured: +10-17 MiB within 2 s
 * of a trim at start in half the runs). So it trims once a second for the first {@link #SETTLE} seconds, then
 * every {@link #LATER} (a trim takes well under a millisecond). Reaching the command needs the platform MBean
 * server, which takes ~100 ms to set up: {@link #prepare()} starts that in the background at the beginning of
 * the start-up, so the first trim can follow the start at once without delaying it.
 */
final class NativeHeap {
    private static final System.Logger LOG = System.getLogger(NativeHeap.class.getName());
    private static final String COMMANDS = "com.sun.management:type=DiagnosticCommand";
    static final int SETTLE = 15;
    static final Duration LATER = Duration.ofMinutes(5);

    private final CompletableFuture<MBeanServer> server = new CompletableFuture<>();

    private NativeHeap() {
    }

    /** Starts setting up what the trim needs, on a background thread. */
    static NativeHeap prepare() {
        NativeHeap heap = new NativeHeap();
        Thread.ofVirtual().name("native-heap-prepare").start(() -> {
            try {
                heap.server.complete(ManagementFactory.getPlatformMBeanServer());
            } catch (RuntimeException | Error e) {
                heap.server.completeExceptionally(e);
            }
        });
        return heap;
    }

    /** Trims now; the JDK's report (for example "Trim native heap: RSS+Swap: 156M->147M (-9152K)"), or empty. */
    Optional<String> trim() {
        try {
            Object report = server.join().invoke(new ObjectName(COMMANDS), "systemTrimNativeHeap",
                    new Object[] {null}, new String[] {String[].class.getName()});
            return Optional.ofNullable(report).map(r -> r.toString().strip());
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Could not trim the native heap: " + e);
            return Optional.empty();
        }
    }

    /**
     * Trims on a background (daemon) thread from now on, as the class comment says, so the caller (the start-up
     * path) does not wait for it. Stops for good if the command is not there.
     */
    void trimInBackground() {
        Thread.ofVirtual().name("native-heap-trim").start(() -> {
            try {
                for (int i = 0; ; i++) {
                    Optional<String> report = trim();
                    if (report.isEmpty()) {
                        return;
                    }
                    LOG.log(System.Logger.Level.DEBUG, report.get());
                    Thread.sleep(i < SETTLE ? Duration.ofSeconds(1) : LATER);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
