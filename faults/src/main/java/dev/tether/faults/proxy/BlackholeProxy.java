package dev.tether.faults.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 between WebSocket clients and the server that can turn every current link into a
 * half-open one: {@link #blackhole()} makes the links read and discard everything in both directions while
 * keeping both sockets open, which is what a pulled cable or a dead NAT entry looks like to each end. Links
 * opened afterwards pass traffic normally, so a client that notices can reconnect through the proxy.
 *
 * <p>Each link watches the server's frames (their headers only) to time when the server sends a close frame
 * and when it ends the TCP connection, and notes when the client side ends: the dead-peer detection times of
 * both ends. Threads: one virtual thread per direction per link.
 */
public final class BlackholeProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private BlackholeProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** Listens on a free loopback port and forwards each connection to {@code target}. */
    public static BlackholeProxy start(InetSocketAddress target) {
        try {
            ServerSocket s = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
            BlackholeProxy p = new BlackholeProxy(s, target);
            Thread.ofVirtual().name("proxy-accept").start(p::accept);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on 127.0.0.1 for the proxy", e);
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    /** Black-holes every link open now; returns them (with their timings) and the time it happened. */
    public List<Link> blackhole() {
        List<Link> now = links.stream().filter(l -> !l.clientEnded() && !l.serverEnded()).toList();
        now.forEach(Link::blackhole);
        return now;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                try {
                    server.connect(target, 3000);
                } catch (IOException e) {
                    client.close(); // the server is down: refuse like it would
                    continue;
                }
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                Link link = new Link(client, server);
                links.add(link);
                link.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("proxy: accept failed: " + e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            System.err.println("proxy: closing the listener failed: " + e);
        }
        links.forEach(Link::close);
    }

    /** One client connection and its connection to the server. Times are {@link System#nanoTime()}, 0 if not yet. */
    public static final class Link {
        private final Socket client;
        private final Socket server;
        private final ServerFrameWatch watch = new ServerFrameWatch();
        private volatile long blackholedAt;
        private volatile long serverEndedAt;
        private volatile long clientEndedAt;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() throws IOException {
            InputStream fromClient = client.getInputStream();
            OutputStream toServer = server.getOutputStream();
            InputStream fromServer = server.getInputStream();
            OutputStream toClient = client.getOutputStream();
            Thread.ofVirtual().name("proxy-up").start(() -> {
                pump(fromClient, toServer, false);
                clientEndedAt = System.nanoTime();
                if (blackholedAt == 0) {
                    closeQuietly(server);
                }
            });
            Thread.ofVirtual().name("proxy-down").start(() -> {
                pump(fromServer, toClient, true);
                serverEndedAt = System.nanoTime();
                if (blackholedAt == 0) {
                    closeQuietly(client);
                }
            });
        }

        private void pump(InputStream in, OutputStream out, boolean fromServer) {
            byte[] buf = new byte[16 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (fromServer) {
                        watch.scan(buf, n);
                    }
                    if (blackholedAt == 0) {
                        out.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // the other end reset the connection: that ends this direction like EOF does
            }
        }

        void blackhole() {
            blackholedAt = System.nanoTime();
        }

        public long blackholedAt() {
            return blackholedAt;
        }

        /** When the server sent a close frame, 0 if it has not. */
        public long serverCloseFrameAt() {
            return watch.closeFrameAt();
        }

        /** The close code of the server's close frame, 0 if none. */
        public int serverCloseCode() {
            return watch.closeCode();
        }

        public long serverEndedAt() {
            return serverEndedAt;
        }

        public long clientEndedAt() {
            return clientEndedAt;
        }

        boolean clientEnded() {
            return clientEndedAt != 0;
        }

        boolean serverEnded() {
            return serverEndedAt != 0;
        }

        void close() {
            closeQuietly(client);
            closeQuietly(server);
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException e) {
                System.err.println("proxy: closing a socket failed: " + e);
            }
        }
    }
}
