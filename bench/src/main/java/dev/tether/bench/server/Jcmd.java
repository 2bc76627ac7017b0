package dev.tether.bench.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code jcmd} against one process: GC, heap figures, class histograms, thread dumps, JFR. */
public final class Jcmd {
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern HISTO_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern HISTO_TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

    private final Path javaHome;
    private final long pid;

    Jcmd(Path javaHome, long pid) {
        this.javaHome = javaHome;
        this.pid = pid;
    }

    /** Runs {@code jcmd PID args...} and returns its output. */
    public String run(String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin/jcmd").toString(), Long.toString(pid)));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted running " + cmd, e);
        }
    }

    /** Full GC ({@code GC.run}), then the heap's "used" figure in bytes from {@code GC.heap_info}. */
    public long heapUsedAfterGc() {
        run("GC.run");
        String info = run("GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("No 'used NK' in GC.heap_info output: " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** Instances and bytes of one class in a histogram. */
    public record ClassLoad(long instances, long bytes) {
        ClassLoad plus(ClassLoad o) {
            return new ClassLoad(instances + o.instances, bytes + o.bytes);
        }
    }

    /**
     * Live objects by class ({@code GC.class_histogram}, which collects first); the row {@code "(total)"} is the
     * whole heap's live objects.
     */
    public Map<String, ClassLoad> liveHistogram() {
        Map<String, ClassLoad> byClass = new HashMap<>();
        for (String line : run("GC.class_histogram").split("\n")) {
            Matcher row = HISTO_ROW.matcher(line);
            if (row.find()) {
                byClass.merge(row.group(3), new ClassLoad(Long.parseLong(row.group(1)), Long.parseLong(row.group(2))),
                        ClassLoad::plus);
                continue;
            }
            Matcher total = HISTO_TOTAL.matcher(line);
            if (total.find()) {
                byClass.put("(total)", new ClassLoad(Long.parseLong(total.group(1)), Long.parseLong(total.group(2))));
            }
        }
        return byClass;
    }
}
