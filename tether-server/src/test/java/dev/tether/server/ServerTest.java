package dev.tether.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * For tests that start a {@link TestServer} (or a subclass) in a temporary directory: the test sets {@link #h}
 * (in the test, or in its own {@code @BeforeEach}) and the server is closed after each test, if one was started.
 * A subclass's own {@code @AfterEach} methods run before this one, while the server is still up.
 */
public abstract class ServerTest<S extends TestServer> {
    @TempDir
    protected Path dir;
    protected S h;

    @AfterEach
    void closeServer() {
        if (h != null) {
            h.close();
        }
    }
}
