package dev.tether.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LoopbackHttpServerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private LoopbackHttpServer server;

    @AfterEach
    void close() {
        server.close();
        client.close();
    }

    @Test
    void bindsLoopbackOnAnEphemeralPort() {
        server = LoopbackHttpServer.start("t", (req, res) -> res.send(200, "text/plain", "hi", Map.of()));
        assertThat(server.origin()).isEqualTo("http://127.0.0.1:" + server.port());
        assertThat(server.port()).isPositive();
    }

    @Test
    void keepAliveServesSequentialRequestsOnOneConnection() throws Exception {
        server = LoopbackHttpServer.start("t", (req, res) -> res.send(200, "text/plain", req.path(), Map.of()));
        for (String path : new String[] {"/a", "/b", "/c"}) {
            assertThat(get(path).body()).isEqualTo(path);
        }
        assertThat(server.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void chunkedRequestBodyIsDecoded() throws Exception {
        server = LoopbackHttpServer.start("t", (req, res) -> res.send(200, "text/plain", req.body(), Map.of()));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\nhello world");
        }
    }

    @Test
    void connectionCloseRequestEndsTheConnectionAfterTheResponse() throws Exception {
        server = LoopbackHttpServer.start("t", (req, res) -> res.send(200, "text/plain", "bye", Map.of()));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            // readAllBytes returns only because the server closed its side
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).endsWith("bye");
        }
    }

    @Test
    void concurrentRequestsAreServedInParallel() {
        CountDownLatch bothArrived = new CountDownLatch(2);
        server = LoopbackHttpServer.start("t", (req, res) -> {
            bothArrived.countDown();
            try {
                boolean together = bothArrived.await(5, TimeUnit.SECONDS);
                res.send(200, "text/plain", Boolean.toString(together), Map.of());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<HttpResponse<String>> one = getAsync("/1");
        CompletableFuture<HttpResponse<String>> two = getAsync("/2");
        assertThat(one.join().body()).isEqualTo("true");
        assertThat(two.join().body()).isEqualTo("true");
    }

    @Test
    void clientClosingAStreamIsCountedAsAnAbort() throws Exception {
        server = LoopbackHttpServer.start("t", (req, res) -> {
            EventStream stream = res.openEventStream(200, Map.of(), StreamFraming.CHUNKED);
            stream.send("data: first\n\n");
            stream.pause(Duration.ofSeconds(30));
        });
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.getOutputStream().write("GET /s HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String seen = "";
            while (!seen.contains("data: first")) {
                seen += (char) in.read();
            }
        }
        server.awaitClientAborts(1, WAIT);
        assertThat(server.clientAborts()).isEqualTo(1);
    }

    @Test
    void streamDroppedByTheServerFailsTheClientRead() {
        server = LoopbackHttpServer.start("t", (req, res) -> {
            EventStream stream = res.openEventStream(200, Map.of(), StreamFraming.CHUNKED);
            stream.send("data: partial\n\n");
            stream.drop();
        });
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.origin() + "/s")).build();
        assertThat(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .failsWithin(WAIT).withThrowableThat().havingRootCause().isInstanceOf(IOException.class);
        assertThat(server.clientAborts()).isZero();
    }

    @Test
    void handlerFailureIsAnswered500AndRecorded() throws Exception {
        server = LoopbackHttpServer.start("t", (req, res) -> {
            throw new IllegalStateException("boom");
        });
        assertThat(get("/x").statusCode()).isEqualTo(500);
        assertThat(server.failures()).singleElement().asString().contains("GET /x").contains("boom");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.origin() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(server.origin() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
