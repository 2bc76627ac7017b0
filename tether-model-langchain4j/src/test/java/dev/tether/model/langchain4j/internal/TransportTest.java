package dev.tether.model.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransportTest {

    @Test
    void closeStopsTheHttpClientAndItsThreads() {
        Transport transport = new Transport(Duration.ofSeconds(1));
        assertThat(transport.terminated()).isFalse();
        transport.close();
        assertThat(transport.terminated()).isTrue();
    }

    @Test
    void closingTwiceIsHarmless() {
        Transport transport = new Transport(Duration.ofSeconds(1));
        transport.close();
        transport.close();
        assertThat(transport.terminated()).isTrue();
    }
}
