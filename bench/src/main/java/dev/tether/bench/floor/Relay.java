package dev.tether.bench.floor;

import dev.tether.bench.nio.EventLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP relay that does nothing but move bytes: each accepted connection gets its own connection to the
 * target, and whatever one side sends is written to the other as soon as it is read (one read and one write
 * per chunk, as a server relaying a model's tokens must do at least). Connections are spread over
 * {@code loops} selector threads. It is the floor the latency scenario compares Tether with: the same
 * streams, the same two loopback hops, a process in the middle that does no work at all.
 *
 * <p>Run as its own process ({@link #main}) so that, like the server, it competes with the load generator for
 * the cores: prints {@code relay listening on <port>} and runs until its standard input closes.
 */
public final class Relay implements AutoCloseable {
    /** What {@link #main} prints, followed by the port, once it accepts connections. */
    public static final String READY = "relay listening on ";

    private final ServerSocketChannel listener;
    private final List<EventLoop> loops = new ArrayList<>();
    private final InetSocketAddress target;
    private final long workNanos;
    private int next;

    private Relay(InetSocketAddress target, int loopCount, long workNanos) throws IOException {
        this.target = target;
        this.workNanos = workNanos;
        this.listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        listener.configureBlocking(false);
        for (int i = 0; i < loopCount; i++) {
            loops.add(new EventLoop("relay-" + i));
        }
        EventLoop first = loops.getFirst();
        first.execute(() -> {
            try {
                listener.register(first.selector(), SelectionKey.OP_ACCEPT, (EventLoop.Handler) k -> accept());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Starts a relay to {@code target} on 127.0.0.1 (a free port) with {@code loopCount} selector threads. With
     * {@code workNanos} above zero it spends that much CPU after every read that returned data before writing it
     * on: a stand-in for a server's own work per chunk, to find how much of it the machine allows.
     */
    public static Relay start(InetSocketAddress target, int loopCount, long workNanos) {
        if (loopCount < 1) {
            throw new IllegalArgumentException("A relay needs at least one loop, got " + loopCount);
        }
        if (workNanos < 0) {
            throw new IllegalArgumentException("A relay's work per read cannot be negative, got " + workNanos + " ns");
        }
        try {
            return new Relay(target, loopCount, workNanos);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind the relay on 127.0.0.1", e);
        }
    }

    public int port() {
        return listener.socket().getLocalPort();
    }

    private void accept() throws IOException {
        SocketChannel client;
        while ((client = listener.accept()) != null) {
            EventLoop loop = loops.get(next++ % loops.size());
            SocketChannel c = client;
            loop.execute(() -> pair(loop, c));
        }
    }

    private void pair(EventLoop loop, SocketChannel client) {
        try {
            SocketChannel upstream = SocketChannel.open(target); // loopback: connects at once
            for (SocketChannel ch : List.of(client, upstream)) {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            Side a = new Side(client, workNanos);
            Side b = new Side(upstream, workNanos);
            a.peer = b;
            b.peer = a;
            a.key = client.register(loop.selector(), SelectionKey.OP_READ, a);
            b.key = upstream.register(loop.selector(), SelectionKey.OP_READ, b);
        } catch (IOException e) {
            System.err.println("relay: cannot connect to " + target + ": " + e);
            closeQuietly(client);
        }
    }

    /**
     * One socket of a pair. Reads into its own buffer and writes that to the peer; what the peer cannot take
     * yet stays in the buffer, and this side stops reading until the peer has written it.
     */
    private static final class Side implements EventLoop.Handler {
        private final SocketChannel ch;
        private final ByteBuffer pending = ByteBuffer.allocateDirect(16 * 1024);
        private final long workNanos;
        private Side peer;
        private SelectionKey key;

        Side(SocketChannel ch, long workNanos) {
            this.ch = ch;
            this.workNanos = workNanos;
            pending.flip(); // empty, ready to be drained
        }

        @Override
        public void onReady(SelectionKey k) throws IOException {
            if (k.isValid() && k.isWritable()) {
                peer.drainTo(this);
            }
            if (k.isValid() && k.isReadable()) {
                pending.compact();
                int n;
                try {
                    n = ch.read(pending);
                } finally {
                    pending.flip();
                }
                if (n < 0) {
                    close();
                    return;
                }
                if (n > 0 && workNanos > 0) {
                    work(workNanos);
                }
                drainTo(peer);
            }
        }

        /** Writes what this side has read to {@code to}; waits for {@code to} to be writable if it must. */
        private void drainTo(Side to) throws IOException {
            if (pending.hasRemaining()) {
                to.ch.write(pending);
            }
            if (pending.hasRemaining()) {
                key.interestOps(0);
                to.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            } else {
                key.interestOps(SelectionKey.OP_READ);
                if (to.key.isValid()) {
                    to.key.interestOps(SelectionKey.OP_READ);
                }
            }
        }

        private void close() {
            key.cancel();
            peer.key.cancel();
            closeQuietly(ch);
            closeQuietly(peer.ch);
        }
    }

    /** Keeps this thread busy for {@code nanos}, as a server's own work would. */
    private static void work(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            System.err.println("relay: closing a socket failed: " + e);
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            System.err.println("relay: closing the listener failed: " + e);
        }
        loops.forEach(EventLoop::close);
    }

    /** {@code Relay <target port on 127.0.0.1> <loops> <work per read, ns>}: runs until standard input closes. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("Usage: Relay <target port on 127.0.0.1> <loops> <work per read in ns>; got "
                    + String.join(" ", args));
            System.exit(2);
        }
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
        try (Relay relay = start(target, Integer.parseInt(args[1]), Long.parseLong(args[2]))) {
            System.out.println(READY + relay.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // the parent closes our stdin to stop us
            }
        }
    }
}
