package dev.tether.bench.ws;

import dev.tether.bench.nio.EventLoop;
import dev.tether.testkit.ws.WsFrames;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * A lean WebSocket client connection on an {@link EventLoop}: no thread and no buffer of its own while idle
 * (reads go through the loop thread's shared buffer; only an incomplete frame is kept), so ten thousand of
 * them cost the load generator little. Counts every byte it reads. All methods run on, or hop to, the loop
 * thread; listener callbacks run there too and must not block.
 */
public final class WsConnection implements EventLoop.Handler {
    private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[256 * 1024]);

    /** Callbacks, on the loop thread. */
    public interface Listener {
        default void onOpen(WsConnection c) {
        }

        /** A complete text message; {@code arrivalNanos} is when the read that completed it returned. */
        void onText(WsConnection c, String text, long arrivalNanos, int wireBytes);

        /** Once, when the connection ends for any reason; {@code code} is 1006 without a close frame. */
        default void onClosed(WsConnection c, int code, String reason) {
        }
    }

    private enum Phase { CONNECTING, HANDSHAKE, OPEN, CLOSED }

    private final EventLoop loop;
    private final InetSocketAddress server;
    private final InetAddress source;
    private final String path;
    private final Listener listener;
    private final String key = WsFrames.newKey();
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>(2);
    private SocketChannel channel;
    private SelectionKey selectionKey;
    private Phase phase = Phase.CONNECTING;
    private byte[] carry;
    private int carryLen;
    private byte[] fragments;
    private int fragmentsLen;
    private int fragmentsWire;
    private long bytesIn;
    private long bytesOut;
    /** Free for the scenario that owns the connection. */
    public Object state;

    private WsConnection(EventLoop loop, InetSocketAddress server, InetAddress source, String path, Listener listener) {
        this.loop = loop;
        this.server = server;
        this.source = source;
        this.path = path;
        this.listener = listener;
    }

    /** Starts connecting; {@code source} may be null for the default source address. */
    public static WsConnection open(EventLoop loop, InetSocketAddress server, InetAddress source, String path,
                                    Listener listener) {
        WsConnection c = new WsConnection(loop, server, source, path, listener);
        loop.execute(c::connect);
        return c;
    }

    public EventLoop loop() {
        return loop;
    }

    /** Bytes read from the socket so far, handshake included. */
    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    public boolean isOpen() {
        return phase == Phase.OPEN;
    }

    public boolean isClosed() {
        return phase == Phase.CLOSED;
    }

    /** Sends a text frame (from any thread; it hops to the loop). */
    public void sendText(String text) {
        ByteBuffer frame = WsFrames.text(text);
        if (loop.inLoop()) {
            write(frame);
        } else {
            loop.execute(() -> write(frame));
        }
    }

    /** Sends a close frame; the connection ends when the server answers (or on {@link #abort}). */
    public void close() {
        loop.execute(() -> {
            if (phase == Phase.OPEN) {
                write(WsFrames.clientFrame(WsFrames.CLOSE, WsFrames.closePayload(1000)));
            } else {
                ended(1006, "closed before open");
            }
        });
    }

    /** Closes the TCP connection at once. */
    public void abort() {
        loop.execute(() -> ended(1006, "aborted by the client"));
    }

    private void connect() {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (source != null) {
                channel.bind(new InetSocketAddress(source, 0));
            }
            if (channel.connect(server)) {
                selectionKey = channel.register(loop.selector(), SelectionKey.OP_READ, this);
                startHandshake();
            } else {
                selectionKey = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException e) {
            ended(1006, "connect failed: " + e);
        }
    }

    @Override
    public void onReady(SelectionKey k) throws IOException {
        try {
            if (k.isConnectable()) {
                channel.finishConnect();
                k.interestOps(SelectionKey.OP_READ);
                startHandshake();
                return;
            }
            if (k.isValid() && k.isWritable()) {
                flush();
            }
            if (k.isValid() && k.isReadable()) {
                read();
            }
        } catch (IOException e) {
            ended(1006, e.toString());
        }
    }

    private void startHandshake() {
        phase = Phase.HANDSHAKE;
        write(ByteBuffer.wrap(WsFrames.upgradeRequest(server.getHostString(), server.getPort(), path, key)
                .getBytes(StandardCharsets.US_ASCII)));
    }

    private void write(ByteBuffer frame) {
        if (phase == Phase.CLOSED) {
            return;
        }
        bytesOut += frame.remaining();
        out.addLast(frame);
        if (out.size() == 1) {
            try {
                flush();
            } catch (IOException e) {
                ended(1006, e.toString());
            }
        }
    }

    private void flush() throws IOException {
        while (!out.isEmpty()) {
            ByteBuffer b = out.peekFirst();
            channel.write(b);
            if (b.hasRemaining()) {
                selectionKey.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            out.pollFirst();
        }
        if (selectionKey.isValid()) {
            selectionKey.interestOps(SelectionKey.OP_READ);
        }
    }

    private void read() throws IOException {
        byte[] buf = READ_BUFFER.get();
        ByteBuffer bb = ByteBuffer.wrap(buf);
        int n = channel.read(bb);
        if (n < 0) {
            ended(1006, "server closed the TCP connection");
            return;
        }
        long arrival = System.nanoTime();
        // keep reading what is already there, up to the buffer, so one wake-up handles a burst
        while (n > 0 && bb.hasRemaining()) {
            n = channel.read(bb);
        }
        int len = bb.position();
        bytesIn += len;
        if (carryLen > 0) {
            append(buf, 0, len);
            int used = consume(carry, 0, carryLen, arrival);
            if (phase == Phase.CLOSED) {
                return;
            }
            System.arraycopy(carry, used, carry, 0, carryLen - used);
            carryLen -= used;
            if (carryLen == 0 && carry.length > 4096) {
                carry = null;
            }
        } else {
            int used = consume(buf, 0, len, arrival);
            if (phase == Phase.CLOSED) {
                return;
            }
            if (used < len) {
                append(buf, used, len - used);
            }
        }
        if (n < 0) {
            ended(1006, "server closed the TCP connection");
        }
    }

    private void append(byte[] src, int off, int len) {
        if (carry == null || carry.length < carryLen + len) {
            byte[] bigger = new byte[Math.max(carryLen + len, carry == null ? 1024 : carry.length * 2)];
            if (carryLen > 0) {
                System.arraycopy(carry, 0, bigger, 0, carryLen);
            }
            carry = bigger;
        }
        System.arraycopy(src, off, carry, carryLen, len);
        carryLen += len;
    }

    /** Handles every complete unit in {@code buf[off..end)}; returns how many bytes were used. */
    private int consume(byte[] buf, int off, int end, long arrival) throws IOException {
        int pos = off;
        if (phase == Phase.HANDSHAKE) {
            int headEnd = indexOfHeadEnd(buf, pos, end);
            if (headEnd < 0) {
                return 0;
            }
            String head = new String(buf, pos, headEnd - pos, StandardCharsets.ISO_8859_1);
            if (!WsFrames.upgradeAccepted(head, key)) {
                ended(1006, "upgrade refused: " + head.lines().findFirst().orElse(""));
                return end - off;
            }
            pos = headEnd + 4;
            phase = Phase.OPEN;
            listener.onOpen(this);
        }
        while (phase == Phase.OPEN) {
            long frameLen = WsFrames.frameLength(buf, pos, end);
            if (frameLen < 0) {
                break;
            }
            frame(buf, pos, (int) frameLen, arrival);
            pos += (int) frameLen;
        }
        return phase == Phase.CLOSED ? end - off : pos - off;
    }

    private void frame(byte[] buf, int off, int frameLen, long arrival) throws IOException {
        boolean fin = (buf[off] & 0x80) != 0;
        int opcode = buf[off] & 0x0f;
        int header = WsFrames.headerLengthAt(buf, off);
        int payloadOff = off + header;
        int payloadLen = frameLen - header;
        switch (opcode) {
            case WsFrames.TEXT, WsFrames.BINARY, WsFrames.CONTINUATION -> {
                if (fin && fragmentsLen == 0 && opcode != WsFrames.CONTINUATION) {
                    listener.onText(this, new String(buf, payloadOff, payloadLen, StandardCharsets.UTF_8), arrival,
                            frameLen);
                    return;
                }
                if (fragments == null || fragments.length < fragmentsLen + payloadLen) {
                    byte[] bigger = new byte[Math.max(fragmentsLen + payloadLen, 4096)];
                    if (fragments != null) {
                        System.arraycopy(fragments, 0, bigger, 0, fragmentsLen);
                    }
                    fragments = bigger;
                }
                System.arraycopy(buf, payloadOff, fragments, fragmentsLen, payloadLen);
                fragmentsLen += payloadLen;
                fragmentsWire += frameLen;
                if (fin) {
                    String text = new String(fragments, 0, fragmentsLen, StandardCharsets.UTF_8);
                    int wire = fragmentsWire;
                    fragments = null;
                    fragmentsLen = 0;
                    fragmentsWire = 0;
                    listener.onText(this, text, arrival, wire);
                }
            }
            case WsFrames.PING -> {
                byte[] payload = new byte[payloadLen];
                System.arraycopy(buf, payloadOff, payload, 0, payloadLen);
                write(WsFrames.clientFrame(WsFrames.PONG, payload));
            }
            case WsFrames.CLOSE -> {
                int code = WsFrames.closeCode(buf, payloadOff, payloadLen);
                String reason = WsFrames.closeReason(buf, payloadOff, payloadLen);
                ByteBuffer answer = WsFrames.clientFrame(WsFrames.CLOSE, WsFrames.closePayload(code));
                channel.write(answer);
                ended(code, reason);
            }
            default -> { } // pong or reserved: nothing to do
        }
    }

    private static int indexOfHeadEnd(byte[] buf, int off, int end) {
        for (int i = off; i + 3 < end; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void ended(int code, String reason) {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        out.clear();
        carry = null;
        carryLen = 0;
        if (selectionKey != null) {
            selectionKey.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                System.err.println("closing a client socket failed: " + e);
            }
        }
        listener.onClosed(this, code, reason);
    }
}
