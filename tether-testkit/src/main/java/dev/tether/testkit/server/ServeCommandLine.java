package dev.tether.testkit.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The command line of the real server as a child process of a test or benchmark:
 * <pre>
 * java --enable-native-access=ALL-UNNAMED @REPO/bin/serve.jvm-options
 *      [-XX:SharedArchiveFile=JARDIR/tether-serve.jsa -XX:+AutoCreateSharedArchive] [jvmOptions...] -jar tether.jar --home HOME
 *      --set server.port=PORT --set server.auth=none --set models.local.base-url=URL --set models.local.model=MODEL
 *      [--set key=value...] serve
 * </pre>
 * The options file is the one {@code ./tether serve} passes, found from the jar's path
 * ({@code REPO/tether-cli/target/tether.jar}) unless {@link #jvmOptionsFile(Path)} names another; {@code jvmOptions}
 * come after it, so they win. Later {@code --set}s win over earlier ones, as in the CLI.
 *
 * <p>Like {@code ./tether serve}, the command keeps the server's classes in a CDS archive beside the jar
 * ({@link #CLASS_ARCHIVE}): the build writes it (a training start in tether-cli's pom); a start that finds it
 * missing or stale (another JDK) writes it at exit; starts map it (less memory and time after start). Only when the
 * jar's folder is writable: the JVM fails its exit when it cannot write the archive.
 *
 * <p>Mutable and not thread-safe: configure it on one thread, then call {@link #args()} or
 * {@link #processBuilder()}. Both fail with {@link IllegalStateException} when the jar or the options file is missing
 * (naming the path and what to do) or when the home, port or model was not set.
 */
public final class ServeCommandLine {
    /** Where the JVM options of the server live, relative to the repository. */
    public static final String JVM_OPTIONS_FILE = "bin/serve.jvm-options";
    /** The class archive's file name, beside the jar (the same as {@code ./tether serve}'s). */
    public static final String CLASS_ARCHIVE = "tether-serve.jsa";

    private final Path java;
    private final Path jar;
    private Path jvmOptionsFile;
    private List<String> jvmOptions = List.of();
    private Path home;
    private int port;
    private String modelBaseUrl;
    private String model;
    private List<String> sets = List.of();
    private boolean classArchive = true;

    private ServeCommandLine(Path java, Path jar) {
        this.java = Objects.requireNonNull(java, "java");
        this.jar = Objects.requireNonNull(jar, "jar");
    }

    /**
     * @param java the {@code java} executable that runs the server
     * @param jar  {@code tether.jar}
     */
    public static ServeCommandLine of(Path java, Path jar) {
        return new ServeCommandLine(java, jar);
    }

    /** The JVM options file to pass instead of the one found from the jar's path. */
    public ServeCommandLine jvmOptionsFile(Path file) {
        this.jvmOptionsFile = Objects.requireNonNull(file, "file");
        return this;
    }

    /** Options for the server's JVM after the options file (they win over it), before {@code -jar}. */
    public ServeCommandLine jvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    /** The server's home ({@code --home}); it is created by {@link #processBuilder()}'s caller, not here. */
    public ServeCommandLine home(Path home) {
        this.home = Objects.requireNonNull(home, "home");
        return this;
    }

    /** The port to listen on, 1-65535 (choose a free one first: 0 would hide the port from the caller). */
    public ServeCommandLine port(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535: " + port);
        }
        this.port = port;
        return this;
    }

    /** The OpenAI-compatible model the server talks to, as {@code models.local}. */
    public ServeCommandLine model(String baseUrl, String model) {
        this.modelBaseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.model = Objects.requireNonNull(model, "model");
        return this;
    }

    /** {@code key=value} config overrides, each passed as {@code --set} in this order after the fixed ones. */
    public ServeCommandLine sets(List<String> sets) {
        this.sets = List.copyOf(sets);
        return this;
    }

    /** Whether to use (and create if missing or stale) the class archive beside the jar; on by default. */
    public ServeCommandLine classArchive(boolean use) {
        this.classArchive = use;
        return this;
    }

    /**
     * The class archive this command passes: {@link #CLASS_ARCHIVE} beside the jar, if it is on and the jar's
     * folder is writable (the JVM writes it at exit when it is missing or older than the jar).
     */
    public Optional<Path> classArchiveFile() {
        return classArchive ? archiveBeside(jar, Files::isWritable) : Optional.empty();
    }

    /** {@link #CLASS_ARCHIVE} beside {@code jar} if its folder is {@code writable}. */
    static Optional<Path> archiveBeside(Path jar, Predicate<Path> writable) {
        Path dir = jar.toAbsolutePath().getParent();
        return dir != null && writable.test(dir) ? Optional.of(dir.resolve(CLASS_ARCHIVE)) : Optional.empty();
    }

    /** The JVM options file this command passes: the explicit one, or {@code REPO/bin/serve.jvm-options}. */
    public Path jvmOptionsFile() {
        if (jvmOptionsFile != null) {
            return jvmOptionsFile.toAbsolutePath();
        }
        Path repo = repositoryOf(jar);
        if (repo == null) {
            throw new IllegalStateException("Cannot find the repository of the server jar " + jar + " (expected "
                    + "REPO/tether-cli/target/tether.jar) to read " + JVM_OPTIONS_FILE + " from; pass the file "
                    + "with jvmOptionsFile(path)");
        }
        return repo.resolve(JVM_OPTIONS_FILE);
    }

    private static Path repositoryOf(Path jar) {
        Path target = jar.toAbsolutePath().normalize().getParent();
        Path module = target == null ? null : target.getParent();
        return module == null ? null : module.getParent();
    }

    /** The whole command line, {@code java} first and {@code serve} last. */
    public List<String> args() {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The server jar " + jar + " is missing: build it with "
                    + "'./mvnw -pl tether-cli -am package -DskipTests'");
        }
        Path options = jvmOptionsFile();
        if (!Files.isRegularFile(options)) {
            throw new IllegalStateException("The server's JVM options file " + options + " is missing (./tether "
                    + "serve uses it too): restore " + JVM_OPTIONS_FILE + " from git, or pass another file with "
                    + "jvmOptionsFile(path)");
        }
        if (home == null || port == 0 || model == null) {
            throw new IllegalStateException("Set the home, the port and the model before building the command; "
                    + "home=" + home + ", port=" + port + ", model=" + model);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("@" + options);
        classArchiveFile().ifPresent(archive -> {
            cmd.add("-XX:SharedArchiveFile=" + archive);
            cmd.add("-XX:+AutoCreateSharedArchive");
        });
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString(), "--home", home.toString(),
                "--set", "server.port=" + port, "--set", "server.auth=none",
                "--set", "models.local.base-url=" + modelBaseUrl,
                "--set", "models.local.model=" + model));
        for (String set : sets) {
            cmd.add("--set");
            cmd.add(set);
        }
        cmd.add("serve");
        return cmd;
    }

    /**
     * A process builder for {@link #args()} whose environment has {@code TETHER_HOME} set to the home and neither
     * {@code JAVA_TOOL_OPTIONS} nor {@code TETHER_JAVA_OPTS} (the caller's JVM settings must not leak into the
     * server's). Output redirection is left to the caller.
     */
    public ProcessBuilder processBuilder() {
        ProcessBuilder pb = new ProcessBuilder(args());
        Map<String, String> env = pb.environment();
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("TETHER_JAVA_OPTS");
        env.put("TETHER_HOME", home.toString());
        return pb;
    }
}
