package dev.tether.bench.scenario;

import dev.tether.bench.model.FakeModelServer;
import dev.tether.bench.model.ReplyPlan;
import dev.tether.bench.nio.EventLoop;
import dev.tether.bench.stats.Recorder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The floor for the latency scenario: the same N timestamped streams read by this generator straight from
 * the fake model, with no server in between (one loopback hop instead of two). What this measures is the
 * generator's and the kernel's share; the rest of the server run's latency is the server's.
 */
final class DirectStreams {
    private static final byte[] MARK = "\"content\":\"".getBytes(StandardCharsets.US_ASCII);

    private DirectStreams() {
    }

    static Recorder run(FakeModelServer model, EventLoop loop, int n, int tokens, int rate) throws InterruptedException {
        URI base = URI.create(model.baseUrl());
        return run(new InetSocketAddress(base.getHost(), base.getPort()), model, loop, n, tokens, rate);
    }

    /** The same streams, read through {@code addr}: something that passes them on from the model. */
    static Recorder run(InetSocketAddress addr, FakeModelServer model, EventLoop loop, int n, int tokens, int rate)
            throws InterruptedException {
        model.plan(ReplyPlan.timestamped(tokens, rate));
        Recorder latency = new Recorder();
        CountDownLatch done = new CountDownLatch(n);
        long start = System.nanoTime() + 50_000_000L;
        for (int i = 0; i < n; i++) {
            loop.schedule(start + 1_000_000_000L * i / n, () -> new Reader(addr, latency, done).open(loop));
        }
        done.await(tokens / rate + 60, TimeUnit.SECONDS);
        return latency;
    }

    /** One streamed response, read on the loop thread; records arrival - emission for every token. */
    private static final class Reader implements EventLoop.Handler {
        private final InetSocketAddress addr;
        private final Recorder latency;
        private final CountDownLatch done;
        private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        private SocketChannel ch;

        Reader(InetSocketAddress addr, Recorder latency, CountDownLatch done) {
            this.addr = addr;
            this.latency = latency;
            this.done = done;
        }

        void open(EventLoop loop) {
            try {
                ch = SocketChannel.open(addr);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                String body = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                String req = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body;
                ch.write(ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII)));
                ch.configureBlocking(false);
                ch.register(loop.selector(), SelectionKey.OP_READ, this);
            } catch (IOException e) {
                System.err.println("direct stream failed to open: " + e);
                done.countDown();
            }
        }

        @Override
        public void onReady(SelectionKey key) throws IOException {
            int n = ch.read(buf);
            long arrival = System.nanoTime();
            if (n < 0) {
                finish(key);
                return;
            }
            byte[] a = buf.array();
            int end = buf.position();
            int used = 0;
            boolean finished = false;
            for (int i = 0; i < end; i++) {
                if (a[i] == '0' && i + 4 < end && a[i + 1] == '\r' && a[i + 2] == '\n' && a[i + 3] == '\r'
                        && a[i + 4] == '\n' && (i == 0 || a[i - 1] == '\n')) {
                    finished = true;
                    used = i + 5;
                    break;
                }
                if (i + MARK.length >= end || !matches(a, i)) {
                    continue;
                }
                int q = indexOf(a, i + MARK.length, end, (byte) '"');
                if (q < 0) {
                    break;
                }
                String content = new String(a, i + MARK.length, q - i - MARK.length, StandardCharsets.US_ASCII);
                int colon = content.indexOf(':');
                if (colon > 0 && content.endsWith(";")) {
                    latency.record(arrival - Long.parseLong(content, colon + 1, content.length() - 1, 10));
                }
                used = q;
                i = q;
            }
            buf.flip();
            buf.position(used);
            buf.compact();
            if (finished) {
                finish(key);
            } else if (!buf.hasRemaining()) {
                buf.clear(); // nothing worth keeping filled the buffer: drop it
            }
        }

        private static boolean matches(byte[] a, int i) {
            for (int j = 0; j < MARK.length; j++) {
                if (a[i + j] != MARK[j]) {
                    return false;
                }
            }
            return true;
        }

        private static int indexOf(byte[] a, int from, int end, byte b) {
            for (int i = from; i < end; i++) {
                if (a[i] == b) {
                    return i;
                }
            }
            return -1;
        }

        private void finish(SelectionKey key) throws IOException {
            key.cancel();
            ch.close();
            done.countDown();
        }
    }
}
