package dev.tether.tools.exec;

import dev.tether.api.CancelSignal;
import dev.tether.api.tool.Tool;
import dev.tether.api.tool.ToolArguments;
import dev.tether.api.tool.ToolContext;
import dev.tether.api.tool.ToolParameter;
import dev.tether.api.tool.ToolParameter.Type;
import dev.tether.api.tool.ToolResult;
import dev.tether.api.tool.ToolSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code exec}: runs {@code command} with {@code /bin/sh -c} in the workspace directory and returns its exit
 * code and combined stdout and stderr (capped by {@link ExecSettings#maxOutputChars()}, head and tail kept).
 *
 * <p>Stdin is {@code /dev/null}. The environment is reduced to {@link #PASSED_ENVIRONMENT}, so secrets the
 * server reads from its environment (API keys) are not visible to commands. On timeout or when
 * {@link ToolContext#cancel()} fires, the shell and all its descendants are killed with SIGKILL and the result
 * is a failure carrying the output so far. A non-zero exit code is not a failure: the model reads it.
 *
 * <p>Limits: processes that leave the tree ({@code setsid}, double fork) are not killed; a background process
 * that keeps the output pipe open after the shell exits is not waited for beyond {@value #DRAIN_GRACE_MS} ms.
 * This tool runs arbitrary commands as the server's user; it is only as confined as that user. Thread-safe:
 * each call runs its own process.
 */
public final class ExecTool implements Tool {
    /** Environment variables passed through to commands; everything else is dropped. */
    public static final Set<String> PASSED_ENVIRONMENT =
            Set.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "TERM");
    static final long DRAIN_GRACE_MS = 1_000;
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private final ExecSettings settings;
    private final ToolSpec spec;

    public ExecTool(ExecSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.spec = new ToolSpec("exec", "Run a shell command (/bin/sh -c) in the workspace directory. Returns"
                + " the exit code and combined stdout/stderr. Stops after " + ExecOutcome.seconds(settings.timeout())
                + "; output beyond " + settings.maxOutputChars() + " characters is cut in the middle. Stdin is"
                + " empty, so do not run interactive programs.",
                List.of(ToolParameter.required("command", Type.STRING, "The shell command line to run")));
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        String command = arguments.string("command");
        if (command.isBlank()) {
            return ToolResult.failure("The command is empty", "Pass a shell command such as 'ls -la'.");
        }
        Path dir = context.workspace();
        if (!Files.isDirectory(dir)) {
            return ToolResult.failure("The workspace directory is missing: " + dir,
                    "Ask the user to create it or fix the workspace setting.");
        }
        if (context.cancel().isCancelled()) {
            return ToolResult.failure("Cancelled before the command started", "");
        }
        Process process;
        try {
            process = start(command, dir);
        } catch (IOException e) {
            return ToolResult.failure("Could not start /bin/sh for the command: " + e,
                    "exec needs /bin/sh on the server; ask the user to check the installation.");
        }
        return await(process, context.cancel());
    }

    private Process start(String command, Path dir) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.keySet().retainAll(PASSED_ENVIRONMENT);
        env.putIfAbsent("PATH", DEFAULT_PATH);
        return builder.start();
    }

    private ToolResult await(Process process, CancelSignal cancel) {
        BoundedOutput output = new BoundedOutput(settings.maxOutputChars());
        Thread reader = Thread.ofVirtual().name("exec-output-" + process.pid())
                .start(() -> output.drain(process.getInputStream()));
        AtomicBoolean cancelled = new AtomicBoolean();
        CancelSignal.Registration onCancel = cancel.onCancel(() -> {
            cancelled.set(true);
            ProcessTrees.kill(process.toHandle());
        });
        try {
            boolean finished = process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                ProcessTrees.kill(process.toHandle());
            }
            boolean drained = reader.join(Duration.ofMillis(DRAIN_GRACE_MS));
            return new ExecOutcome(process, output, drained, !finished, cancelled.get()).toResult(settings);
        } catch (InterruptedException e) {
            ProcessTrees.kill(process.toHandle());
            Thread.currentThread().interrupt();
            return ToolResult.failure("Interrupted while the command ran; it was killed", "");
        } finally {
            onCancel.close();
        }
    }
}
