package dev.tether.tools.exec;

import static dev.tether.tools.ToolCalls.args;
import static dev.tether.tools.ToolCalls.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.api.CancelSignal;
import dev.tether.api.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExecToolTest {
    private static final String SPAWN_CHILD = "sleep 30 & echo $! > child.pid; wait";
    @TempDir
    Path workspace;

    private ToolResult run(ExecSettings settings, String command) {
        return new ExecTool(settings).execute(args("command", command), context(workspace));
    }

    private ToolResult run(String command) {
        return run(ExecSettings.defaults(), command);
    }

    @Test
    void runsInTheWorkspaceDirectory() throws IOException {
        assertThat(run("pwd -P").forModel()).isEqualTo("Exit code: 0\n" + workspace.toRealPath() + "\n");
    }

    @Test
    void reportsExitCodeAndCombinesStdoutAndStderr() {
        ToolResult result = run("echo out; echo err >&2; exit 3");
        assertThat(result).isInstanceOf(ToolResult.Success.class);
        assertThat(result.forModel()).startsWith("Exit code: 3\n").contains("out\n").contains("err\n");
    }

    @Test
    void timeoutKillsTheShellAndItsChildren() throws IOException {
        long started = System.nanoTime();
        ToolResult result = run(new ExecSettings(Duration.ofMillis(700), 1_000), SPAWN_CHILD);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(result.forModel()).contains("timed out after 0.7s and was killed");
        long child = Long.parseLong(Files.readString(workspace.resolve("child.pid")).strip());
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> !Processes.running(child));
        } finally {
            Processes.killIfRunning(child);
        }
    }

    @Test
    void cancelKillsTheShellAndItsChildren() throws Exception {
        CancelSignal cancel = new CancelSignal();
        ExecTool tool = new ExecTool(new ExecSettings(Duration.ofSeconds(20), 1_000));
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<ToolResult> running = CompletableFuture.supplyAsync(
                    () -> tool.execute(args("command", SPAWN_CHILD), context(workspace, cancel)), executor);
            Path pidFile = workspace.resolve("child.pid");
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
            long child = Long.parseLong(Files.readString(pidFile).strip());
            assertThat(Processes.running(child)).isTrue();
            cancel.cancel();
            try {
                ToolResult result = running.get(5, TimeUnit.SECONDS);
                assertThat(result.forModel()).contains("cancelled and killed");
                await().atMost(Duration.ofSeconds(5)).until(() -> !Processes.running(child));
            } finally {
                Processes.killIfRunning(child);
            }
        }
    }

    @Test
    void alreadyCancelledRunsNothing() {
        CancelSignal cancel = new CancelSignal();
        cancel.cancel();
        ToolResult result = new ExecTool(ExecSettings.defaults())
                .execute(args("command", "touch ran.txt"), context(workspace, cancel));
        assertThat(result.forModel()).contains("Cancelled before the command started");
        assertThat(workspace.resolve("ran.txt")).doesNotExist();
    }

    @Test
    void longOutputKeepsHeadAndTailWithNote() {
        String out = run(new ExecSettings(Duration.ofSeconds(10), 1_000), "seq 1 20000").forModel();
        assertThat(out).startsWith("Exit code: 0\n1\n2\n3\n")
                .contains("characters of output omitted")
                .contains("19999\n20000\n")
                .contains("[Output was 108894 characters; only the first and last 1000 in total are shown.]")
                .hasSizeLessThan(1_300);
    }

    @Test
    void serverEnvironmentSecretsAreNotPassed() {
        assertThat(System.getenv("TETHER_TEST_SECRET")).as("set by surefire in pom.xml").isEqualTo("do-not-leak");
        assertThat(run("echo \"[$TETHER_TEST_SECRET]\" \"$PATH\"").forModel())
                .contains("[]")
                .contains("/bin");
    }

    @Test
    void backgroundProcessHoldingOutputDoesNotHangTheCall() {
        long started = System.nanoTime();
        ToolResult result = run("sleep 20 & echo $!");
        // Either the JDK closes the pipe when the shell exits or the drain grace ends the wait (and says so);
        // what matters is that the call does not wait for the 20 s background sleep.
        long pid = Long.parseLong(result.forModel().lines().skip(1).findFirst().orElseThrow().strip());
        try {
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(result.forModel()).startsWith("Exit code: 0\n" + pid + "\n");
        } finally {
            Processes.killIfRunning(pid);
        }
    }

    @Test
    void emptyCommandIsRefused() {
        assertThat(run("  ").forModel()).contains("The command is empty");
    }
}
