package dev.tether.tools.web;

import static dev.tether.tools.ToolCalls.args;
import static dev.tether.tools.ToolCalls.context;
import static org.assertj.core.api.Assertions.assertThat;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.awaitility.Awaitility.await;

import dev.tether.api.CancelSignal;
import dev.tether.api.tool.ToolResult;
import dev.tether.tools.web.NetworkFakes.FakeResolver;
import dev.tether.tools.web.NetworkFakes.RecordingSockets;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Size, time and cancel limits, enforced while the body streams in. */
@Timeout(30)
class WebFetchLimitsTest {
    @TempDir
    Path workspace;
    LoopbackServer server;
    String base;
    final AtomicLong bytesWritten = new AtomicLong();

    @BeforeEach
    void setUp() throws IOException {
        server = new LoopbackServer();
        base = "http://public.test:" + server.port();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private WebFetchTool tool(Duration timeout, long maxBytes) {
        return new WebFetchTool(new WebFetchSettings(timeout, maxBytes, 0, false),
                new FakeResolver().map("public.test", "127.0.0.1"), NetworkFakes.publicExceptLoopbackOne(),
                new RecordingSockets());
    }

    /** Streams {@code total} bytes of 'a' in 8 KiB chunks, counting what the client accepted. */
    private void serveLargeBody(String path, long total, boolean withLength) {
        server.on(path, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, withLength ? total : 0);
            byte[] chunk = new byte[8_192];
            Arrays.fill(chunk, (byte) 'a');
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < total; sent += chunk.length) {
                    out.write(chunk);
                    bytesWritten.addAndGet(chunk.length);
                }
            } catch (IOException expected) {
                bytesWritten.addAndGet(0); // the client hung up at its cap: what this test wants
            }
        });
    }

    @Test
    void stopsReadingAtMaxBytesForChunkedBody() {
        serveLargeBody("/big", 50L * 1024 * 1024, false);
        String text = tool(Duration.ofSeconds(10), 10_000).execute(args("url", base + "/big"),
                context(workspace)).forModel();
        assertThat(text).contains("a".repeat(10_000)).doesNotContain("a".repeat(10_001))
                .endsWith("[The response was larger than 10000 bytes; only that much was downloaded.]");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(bytesWritten.get()).isLessThan(50L * 1024 * 1024));
    }

    @Test
    void stopsReadingAtMaxBytesForContentLengthBody() {
        serveLargeBody("/big", 1024 * 1024, true);
        String text = tool(Duration.ofSeconds(10), 5_000).execute(args("url", base + "/big"),
                context(workspace)).forModel();
        assertThat(text).contains("a".repeat(5_000)).doesNotContain("a".repeat(5_001))
                .contains("larger than 5000 bytes");
    }

    @Test
    void capCountsDecodedBytesOfAGzipBody() {
        server.on("/bomb", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, 0);
            byte[] zeros = new byte[64 * 1024];
            Arrays.fill(zeros, (byte) 'z');
            try (OutputStream out = new GZIPOutputStream(exchange.getResponseBody())) {
                for (int i = 0; i < 160; i++) { // 10 MiB inflated, a few KiB on the wire
                    out.write(zeros);
                }
            } catch (IOException expected) {
                bytesWritten.addAndGet(0); // the client hung up at its cap
            }
        });
        String text = tool(Duration.ofSeconds(10), 4_000).execute(args("url", base + "/bomb"),
                context(workspace)).forModel();
        assertThat(text).contains("z".repeat(4_000)).doesNotContain("z".repeat(4_001))
                .endsWith("[The response was larger than 4000 bytes; only that much was downloaded.]");
    }

    @Test
    void bodyExactlyAtTheCapIsNotReportedTruncated() {
        server.text("/exact", "text/plain", "x".repeat(100));
        assertThat(tool(Duration.ofSeconds(5), 100).execute(args("url", base + "/exact"), context(workspace))
                .forModel()).endsWith("x".repeat(100));
    }

    @Test
    void timesOutAgainstAServerThatTricklesForever() {
        server.on("/slow", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                while (!server.release.await(50, TimeUnit.MILLISECONDS)) { // paced trickle, ends at teardown
                    out.write('.');
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long started = System.nanoTime();
        ToolResult result = tool(Duration.ofMillis(800), 1_000_000).execute(args("url", base + "/slow"),
                context(workspace));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(result.forModel()).contains("Timed out after 800 ms fetching");
    }

    @Test
    void timesOutAgainstAServerThatNeverAnswers() {
        server.on("/silent", exchange -> awaitRelease());
        long started = System.nanoTime();
        ToolResult result = tool(Duration.ofMillis(500), 1_000).execute(args("url", base + "/silent"),
                context(workspace));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(result.forModel()).contains("Timed out after 500 ms");
    }

    @Test
    void cancelClosesTheConnection() throws Exception {
        server.on("/silent", exchange -> awaitRelease());
        CancelSignal cancel = new CancelSignal();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<ToolResult> running = CompletableFuture.supplyAsync(() -> tool(Duration.ofSeconds(20),
                    1_000).execute(args("url", base + "/silent"), context(workspace, cancel)), executor);
            await().atMost(Duration.ofSeconds(5)).until(() -> !server.seen().isEmpty());
            cancel.cancel();
            assertThat(running.get(5, TimeUnit.SECONDS).forModel()).contains("Cancelled while fetching");
        }
    }

    @Test
    void tlsFailureIsExplained() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            executor.submit(() -> {
                try (Socket client = plain.accept()) {
                    client.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(US_ASCII));
                }
                return null;
            });
            String url = "https://127.0.0.1:" + plain.getLocalPort() + "/";
            WebFetchSettings settings = new WebFetchSettings(Duration.ofSeconds(5), 1_000, 0, true);
            assertThat(new WebFetchTool(settings).execute(args("url", url), context(workspace)).forModel())
                    .contains("TLS failed for '" + url + "'");
        }
    }

    private void awaitRelease() {
        try {
            server.release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
