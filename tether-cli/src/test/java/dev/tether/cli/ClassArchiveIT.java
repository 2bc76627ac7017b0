package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.testkit.model.FakeOpenAiServer;
import dev.tether.testkit.server.ServeCommandLine;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's class archive (as {@code ./tether serve}, the benchmarks and the fault suite start it): the first
 * start after a build writes it at a clean exit, the next start maps it, and neither start's exit status suffers.
 */
class ClassArchiveIT {
    @TempDir
    Path dir;

    @Test
    void theFirstStartWritesTheArchiveAndTheNextMapsIt() throws Exception {
        Path jar = Files.copy(CliProcess.jar(), Files.createDirectories(dir.resolve("install")).resolve("tether.jar"));
        Path options = Files.writeString(dir.resolve("serve.jvm-options"),
                Files.readString(Path.of("..", "bin", "serve.jvm-options")));
        Path archive = jar.resolveSibling(ServeCommandLine.CLASS_ARCHIVE);
        try (FakeOpenAiServer model = FakeOpenAiServer.start()) {
            String first = startAndStop(jar, options, model, "first");
            assertThat(archive).as("written at the first start's exit; its output:\n%s", first).exists();
            FileTime written = Files.getLastModifiedTime(archive);

            String second = startAndStop(jar, options, model, "second");
            assertThat(second).as("the second start maps the archive").contains("Mapped dynamic region");
            assertThat(Files.getLastModifiedTime(archive)).as("and leaves it as it is").isEqualTo(written);
        }
    }

    @Test
    void theBuildWritesTheArchiveSoEvenTheFirstStartMapsIt() throws Exception {
        Path jar = CliProcess.jar();
        Path archive = jar.resolveSibling(ServeCommandLine.CLASS_ARCHIVE);
        assertThat(archive).as("written by the build's training start (tether-cli's pom)").exists();
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(Files.getLastModifiedTime(jar));
        FileTime built = Files.getLastModifiedTime(archive);
        try (FakeOpenAiServer model = FakeOpenAiServer.start()) {
            String first = startAndStop(jar, Path.of("..", "bin", "serve.jvm-options"), model, "built");
            assertThat(first).contains("Mapped dynamic region");
        }
        assertThat(Files.getLastModifiedTime(archive)).as("and leaves it as it is").isEqualTo(built);
    }

    /** Starts the server with cds logging, waits until it is ready, stops it with SIGTERM; returns its output. */
    private String startAndStop(Path jar, Path options, FakeOpenAiServer model, String name) throws Exception {
        int port = freePort();
        Path home = Files.createDirectories(dir.resolve(name));
        Path out = dir.resolve(name + ".out");
        ProcessBuilder pb = ServeCommandLine.of(Path.of(System.getProperty("java.home"), "bin", "java"), jar)
                .jvmOptionsFile(options).jvmOptions(List.of("-Xlog:cds=info")).home(home).port(port)
                .model(model.baseUrl(), model.model()).processBuilder();
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            assertThat(p.exitValue()).as("exit status; output:\n%s", Files.readString(out)).isZero();
            return Files.readString(out);
        } finally {
            p.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
