package dev.tether.bench.model;

import dev.tether.bench.nio.EventLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * An OpenAI-compatible model server for load: {@code POST /v1/chat/completions} streamed as SSE (the same
 * chunk shapes as the test kit's fake and vLLM), {@code GET /v1/models}. Unlike the test kit's fake (a
 * virtual thread per connection, chunks rendered before the first is sent) it runs every stream on one
 * selector thread with timers, and stamps each chunk with {@link System#nanoTime()} when it is written, so a
 * thousand streams at 50 chunks/s cost the load generator little and the stamps are true emission times.
 */
public final class FakeModelServer implements AutoCloseable {
    public static final String MODEL = "bench-model";

    private final EventLoop loop = new EventLoop("fake-model");
    private final ServerSocketChannel listener;
    private volatile ReplyPlan plan = ReplyPlan.instant("ok");
    final LongAdder requests = new LongAdder();
    final LongAdder memoryRequests = new LongAdder();
    final LongAdder chunksSent = new LongAdder();
    final AtomicLong lastRequestBytes = new AtomicLong();
    final AtomicLong lastChatRequestBytes = new AtomicLong();
    /** Emission lateness (actual - scheduled) of timestamped chunks, in ns; written on the loop thread. */
    final LatenessProbe lateness = new LatenessProbe();

    private FakeModelServer(ServerSocketChannel listener) {
        this.listener = listener;
    }

    /** Binds 127.0.0.1 on a free port. */
    public static FakeModelServer start() {
        try {
            ServerSocketChannel ch = ServerSocketChannel.open();
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            ch.configureBlocking(false);
            FakeModelServer server = new FakeModelServer(ch);
            server.loop.execute(server::register);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind the fake model server on 127.0.0.1", e);
        }
    }

    private void register() {
        try {
            listener.register(loop.selector(), SelectionKey.OP_ACCEPT, (EventLoop.Handler) k -> accept());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = listener.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ModelConnection c = new ModelConnection(this, ch);
            c.key = ch.register(loop.selector(), SelectionKey.OP_READ, c);
        }
    }

    /** {@code http://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + listener.socket().getLocalPort() + "/v1";
    }

    /** What every following request gets. */
    public void plan(ReplyPlan next) {
        this.plan = next;
    }

    ReplyPlan plan() {
        return plan;
    }

    EventLoop loop() {
        return loop;
    }

    /** Chat requests answered so far, memory consolidation requests included. */
    public long requests() {
        return requests.sum();
    }

    /** Requests that were the server's memory consolidation (a summary of older turns). */
    public long memoryRequests() {
        return memoryRequests.sum();
    }

    public long chunksSent() {
        return chunksSent.sum();
    }

    /** Body size of the most recent chat request that was not memory consolidation. */
    public long lastChatRequestBytes() {
        return lastChatRequestBytes.get();
    }

    public LatenessProbe lateness() {
        return lateness;
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            System.err.println("closing the fake model listener failed: " + e);
        }
        loop.close();
    }
}
