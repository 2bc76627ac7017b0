package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TetherServerTest {
    @TempDir
    Path dir;

    @Test
    void aPortInUseIsNamedWithWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> new TestServer(dir, dev.tether.gateway.Authenticator.none(),
                    java.time.Duration.ofSeconds(1), "port=" + port))
                    .isInstanceOf(ServerException.class)
                    .hasMessage("Port " + port + " on 127.0.0.1 is in use. Stop the other process or set server.port "
                            + "(for example --set server.port=8788).");
        }
    }
}
