package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell side of the launcher: finding a JDK 21+, and saying what to install when there is none. */
class LauncherIT {
    @TempDir
    Path empty;

    private record Run(int exit, String output) { }

    private Run findJava(String javaHome, String searchDirs) throws Exception {
        Path script = Path.of("..", "bin", "find-java.sh").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                ". '" + script + "'; TETHER_NEEDS_JAVAC=1; tether_find_java && echo \"JAVA_HOME=$JAVA_HOME\"");
        pb.environment().put("JAVA_HOME", javaHome);
        pb.environment().put("TETHER_JDK_DIRS", searchDirs);
        pb.environment().put("PATH", empty.toString() + ":/bin");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void withoutAnyJdkItSaysExactlyWhatToInstall() throws Exception {
        Run r = findJava("/nonexistent", empty + "/*");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("Tether needs a Java Development Kit (JDK) 21 or newer")
                .contains("apt-get install openjdk-21-jdk-headless").contains("JAVA_HOME");
    }

    @Test
    void itPicksAJdk21OrNewerFromTheSearchedFolders() throws Exception {
        Path running = Path.of(System.getProperty("java.home"));
        Run r = findJava("/nonexistent", running.getParent() + "/*");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("JAVA_HOME=");
        String found = r.output().substring(r.output().indexOf("JAVA_HOME=") + 10).strip();
        assertThat(Path.of(found, "bin", "javac")).exists();
    }
}
