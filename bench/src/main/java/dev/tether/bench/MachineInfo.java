package dev.tether.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine and JDKs a run used, for the report. Linux only (reads /proc). */
final class MachineInfo {
    private MachineInfo() {
    }

    static ObjectNode describe(BenchOptions options) {
        ObjectNode m = new ObjectMapper().createObjectNode();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        m.put("memoryGiB", Math.round(kb(Path.of("/proc/meminfo"), "MemTotal") / 1024.0 / 1024.0 * 10) / 10.0);
        m.put("kernel", read(Path.of("/proc/sys/kernel/osrelease")));
        m.put("openFileLimit", limit("Max open files"));
        m.put("serverJdk", jdk(options.javaHome()));
        m.put("serverJvmOptions", options.serverJvmDescription());
        m.put("generatorJdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return m;
    }

    private static String jdk(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_RUNTIME_VERSION=") || line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring(line.indexOf('=') + 1).replace("\"", "");
                    if (line.startsWith("JAVA_RUNTIME_VERSION=")) {
                        return v + " (" + home + ")";
                    }
                }
            }
            return home.toString();
        } catch (IOException e) {
            return home + " (no release file: " + e.getMessage() + ")";
        }
    }

    private static String limit(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith(name)) {
                    return line.substring(name.length()).trim().split("\\s+")[0];
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    private static String firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    private static long kb(Path file, String key) {
        String v = firstValue(file, key);
        try {
            return Long.parseLong(v.split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
