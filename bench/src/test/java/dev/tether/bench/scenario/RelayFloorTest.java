package dev.tether.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.bench.model.FakeModelServer;
import dev.tether.bench.nio.EventLoop;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RelayFloorTest {

    /** The relay runs as a process of its own; every token of every stream comes through it, timed. */
    @Test
    void everyTokenOfEveryStreamComesThroughTheRelayProcess() throws Exception {
        try (FakeModelServer model = FakeModelServer.start(); EventLoop loop = new EventLoop("test-client")) {
            RelayFloor.Result r = RelayFloor.run(Path.of(System.getProperty("java.home")), model, loop, 5, 20, 200, 2,
                    0);
            assertThat(r.latency().count()).isEqualTo(5 * 20);
            assertThat(r.latency().min()).as("a token arrives after it was sent").isPositive();
        }
    }
}
