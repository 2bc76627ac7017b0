package dev.tether.model.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransportTest {

    @Test
    void theJdkClientsAreBuiltByTheFirstCallNotByTheConstructor() {
        Transport transport = new Transport(Duration.ofSeconds(1), 2);
        assertThat(transport.started()).isFalse();
        var first = transport.http();
        assertThat(transport.started()).isTrue();
        assertThat(first.connectTimeout()).contains(Duration.ofSeconds(1));
        transport.close();
    }

    @Test
    void callsAreSpreadOverTheClientsInTurn() {
        Transport transport = new Transport(Duration.ofSeconds(1), 2);
        var a = transport.http();
        var b = transport.http();
        assertThat(b).isNotSameAs(a);
        assertThat(transport.http()).isSameAs(a);
        assertThat(transport.http()).isSameAs(b);
        transport.close();
    }

    @Test
    void oneClientPerCoreByDefault() {
        Transport transport = new Transport(Duration.ofSeconds(1));
        assertThat(transport.size()).isEqualTo(Runtime.getRuntime().availableProcessors());
        transport.close();
    }

    @Test
    void closeStopsTheHttpClientsAndTheirThreads() {
        Transport transport = new Transport(Duration.ofSeconds(1), 2);
        transport.http();
        assertThat(transport.terminated()).isFalse();
        transport.close();
        assertThat(transport.terminated()).isTrue();
    }

    @Test
    void closingOneThatNeverCalledAndClosingTwiceAreHarmless() {
        Transport transport = new Transport(Duration.ofSeconds(1));
        transport.close();
        transport.close();
        assertThat(transport.terminated()).isTrue();
        assertThat(transport.started()).isFalse();
    }

    @Test
    void aCallAfterCloseGetsAStoppedClientInsteadOfStartingANewOne() throws InterruptedException {
        Transport transport = new Transport(Duration.ofSeconds(1));
        transport.close();
        var client = transport.http();
        assertThat(client.awaitTermination(Duration.ofSeconds(5))).isTrue();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:9/")).build();
        assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(java.io.IOException.class);
    }
}
