package dev.tether.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandLineTest {
    @TempDir
    Path repo;
    private Path jar;
    private Path options;

    @BeforeEach
    void aBuiltRepository() throws IOException {
        jar = repo.resolve("tether-cli/target/tether.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not really a jar");
        options = repo.resolve("bin/serve.jvm-options");
        Files.createDirectories(options.getParent());
        Files.writeString(options, "-XX:G1HeapRegionSize=1m\n");
    }

    private ServeCommandLine command() {
        return ServeCommandLine.of(Path.of("/jdk/bin/java"), jar).home(Path.of("/tmp/home")).port(18787)
                .model("http://127.0.0.1:9000/v1", "fake-model");
    }

    @Test
    void theOptionsFileFromTheJarsRepositoryComesFirstTheOverridesInOrderAndServeLast() {
        List<String> args = command().jvmOptions(List.of("-Xmx512m", "-XX:+UseSerialGC"))
                .sets(List.of("memory.enabled=false", "server.heartbeat=2s")).args();

        Path archive = jar.resolveSibling("tether-serve.jsa").toAbsolutePath();
        assertThat(args).containsExactly("/jdk/bin/java", "--enable-native-access=ALL-UNNAMED", "@" + options,
                "-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive", "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar.toString(), "--home", "/tmp/home",
                "--set", "server.port=18787", "--set", "server.auth=none",
                "--set", "models.local.base-url=http://127.0.0.1:9000/v1", "--set", "models.local.model=fake-model",
                "--set", "memory.enabled=false", "--set", "server.heartbeat=2s", "serve");
    }

    @Test
    void theClassArchiveCanBeTurnedOff() {
        assertThat(command().classArchive(false).args()).noneMatch(a -> a.contains("SharedArchive"));
        assertThat(command().classArchive(false).classArchiveFile()).isEmpty();
    }

    @Test
    void theClassArchiveIsLeftOutWhenTheJarsFolderIsReadOnly() {
        // the JVM would fail its exit (status 1) when it cannot write a missing archive; judged by the folder's
        // writability (a predicate here, as root may write anywhere)
        assertThat(ServeCommandLine.archiveBeside(jar, dir -> false)).isEmpty();
        assertThat(ServeCommandLine.archiveBeside(jar, dir -> dir.equals(jar.toAbsolutePath().getParent())))
                .contains(jar.toAbsolutePath().resolveSibling("tether-serve.jsa"));
    }

    @Test
    void anExplicitOptionsFileReplacesTheRepositorysOne() throws IOException {
        Path other = Files.writeString(repo.resolve("other.jvm-options"), "-Xmx1g\n");

        assertThat(command().jvmOptionsFile(other).args()).contains("@" + other).doesNotContain("@" + options);
    }

    @Test
    void aMissingOptionsFileFailsNamingItsPath() throws IOException {
        Files.delete(options);

        assertThatThrownBy(() -> command().args()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(options.toString()).hasMessageContaining("restore bin/serve.jvm-options");
    }

    @Test
    void aMissingJarFailsSayingHowToBuildIt() throws IOException {
        Files.delete(jar);

        assertThatThrownBy(() -> command().args()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(jar.toString()).hasMessageContaining("./mvnw -pl tether-cli -am package");
    }

    @Test
    void withoutHomePortAndModelThereIsNoCommand() {
        assertThatThrownBy(() -> ServeCommandLine.of(Path.of("java"), jar).args())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("home=null, port=0, model=null");
    }

    @Test
    void theServerGetsItsHomeAndNoneOfTheCallersJvmSettings() {
        ProcessBuilder pb = command().processBuilder();

        assertThat(pb.command()).last().isEqualTo("serve");
        assertThat(pb.environment()).containsEntry("TETHER_HOME", "/tmp/home")
                .doesNotContainKeys("JAVA_TOOL_OPTIONS", "TETHER_JAVA_OPTS");
    }
}
