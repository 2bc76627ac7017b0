package dev.tether.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.bench.server.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Thread dumps of the server that include virtual threads ({@code jcmd Thread.dump_to_file -format=json}),
 * taken a few times during a window and summed by where each thread stands: its state, what it is parked
 * on, and its first frames outside the JDK. Virtual threads blocked on a lock or a queue show up here, which
 * JFR's park events (platform threads only) miss.
 */
final class ThreadDumps {
    private final Map<String, Integer> sites = new HashMap<>();
    private int dumps;
    private int threads;

    void take(ServerProcess server, Path file) {
        try {
            Files.deleteIfExists(file);
            server.jcmd().run("Thread.dump_to_file", "-format=json", file.toAbsolutePath().toString());
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            dumps++;
            for (JsonNode container : root.path("threadDump").path("threadContainers")) {
                for (JsonNode t : container.path("threads")) {
                    threads++;
                    sites.merge(site(t), 1, Integer::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("  thread dump failed: " + e);
        }
    }

    private static String site(JsonNode t) {
        StringBuilder s = new StringBuilder(t.path("virtual").asBoolean() ? "virtual " : "platform ");
        s.append(t.path("state").asText());
        String blocker = t.path("parkBlocker").path("object").asText("");
        if (!blocker.isEmpty()) {
            s.append(" on ").append(blocker.replaceAll("@.*", "").replaceAll(".*\\.", ""));
        }
        int taken = 0;
        String top = "";
        for (JsonNode f : t.path("stack")) {
            String frame = f.asText();
            if (top.isEmpty()) {
                top = frame.replaceAll("^[^/]*/", "").replaceAll("\\(.*", "");
            }
            if (frame.contains("/") && frame.indexOf('/') < frame.indexOf('(')) {
                continue; // a JDK module frame
            }
            s.append(taken == 0 ? " at " : " < ").append(frame.replaceAll("\\(([^:]*):?", "(").replaceAll("^[a-z0-9.]*\\.", ""));
            if (++taken == 3) {
                break;
            }
        }
        if (taken == 0) {
            s.append(" in ").append(top);
        }
        return s.toString();
    }

    String summary() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%d dumps, %d threads in all (average per dump below)%n%8s  %s%n", dumps, threads, "threads", "where"));
        sites.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(25)
                .forEach(e -> out.append(String.format(Locale.ROOT, "%8.1f  %s%n", e.getValue() / (double) Math.max(1, dumps),
                        e.getKey())));
        return out.toString();
    }
}
