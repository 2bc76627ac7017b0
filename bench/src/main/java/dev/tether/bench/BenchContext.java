package dev.tether.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.bench.server.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What every scenario shares: the options, a work folder per scenario (server homes and logs), and how to
 * start the server with load-friendly limits.
 */
public final class BenchContext {
    /** Limits raised so one user can open every connection and send every message of a load run. */
    public static final List<String> LOAD_LIMITS = List.of("server.max-connections-per-user=100000",
            "server.messages-per-minute=1000000");

    private final BenchOptions options;
    private final Path runDir;
    private final ObjectMapper json = new ObjectMapper();

    public BenchContext(BenchOptions options, Path runDir) {
        this.options = options;
        this.runDir = runDir;
    }

    public BenchOptions options() {
        return options;
    }

    public BenchOptions.Sizes sizes() {
        return options.sizes();
    }

    public ObjectMapper json() {
        return json;
    }

    /** {@code runDir/<name>}: homes, logs, profiles of one scenario. */
    public Path dir(String name) {
        return runDir.resolve(name);
    }

    /** The launch of a server with a fresh home under {@code dir(label)}, the load limits and {@code sets}. */
    public ServerProcess.Launch launch(String label, String modelBaseUrl, List<String> sets) {
        List<String> all = new ArrayList<>(LOAD_LIMITS);
        all.addAll(sets);
        Path d = dir(label).toAbsolutePath();
        return new ServerProcess.Launch(options.javaHome(), options.jar().toAbsolutePath(), options.serverJvm(),
                d.resolve("home"), modelBaseUrl, "bench-model", all, d.resolve("server.log"), 0);
    }

    /** Starts a server as {@link #launch} describes and waits until it is ready. */
    public ServerProcess startServer(String label, String modelBaseUrl, List<String> sets) {
        ServerProcess p = ServerProcess.start(launch(label, modelBaseUrl, sets));
        p.awaitReady(Duration.ofSeconds(60));
        return p;
    }
}
