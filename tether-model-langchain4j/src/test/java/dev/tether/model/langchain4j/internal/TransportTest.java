package dev.tether.model.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
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
    void responsesAreReadInto4KiBBuffersNotTheJdkDefault16() throws Exception {
        // a body written at once arrives in slices of the connection's read buffer: with the JDK's 16 KiB
        // default one slice would hold most of it (see Transport's static initialiser for why 4 KiB)
        byte[] body = "x".repeat(12_000).getBytes(StandardCharsets.US_ASCII);
        Transport transport = new Transport(Duration.ofSeconds(1), 1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().read(new byte[4096]); // the request (small, one read)
                    byte[] head = ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    byte[] all = Arrays.copyOf(head, head.length + body.length);
                    System.arraycopy(body, 0, all, head.length, body.length);
                    s.getOutputStream().write(all);
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            List<Integer> sizes = new CopyOnWriteArrayList<>();
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/")).build();
            var response = transport.http().send(request, HttpResponse.BodyHandlers.fromSubscriber(
                    new Flow.Subscriber<List<ByteBuffer>>() {
                        @Override
                        public void onSubscribe(Flow.Subscription subscription) {
                            subscription.request(Long.MAX_VALUE);
                        }

                        @Override
                        public void onNext(List<ByteBuffer> item) {
                            item.forEach(b -> sizes.add(b.remaining()));
                        }

                        @Override
                        public void onError(Throwable throwable) {
                        }

                        @Override
                        public void onComplete() {
                        }
                    }));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(body.length);
            assertThat(sizes).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(Transport.READ_BUFFER_BYTES));
            assertThat(System.getProperty(Transport.READ_BUFFER_PROPERTY)).isEqualTo("4096");
        } finally {
            transport.close();
        }
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
