package dev.tether.faults.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client WebSocket (RFC 6455) on a blocking {@link Socket}, read by a virtual thread: cheap enough for
 * thousands at once, and able to send what a correct client never would (binary frames, bytes that are not
 * UTF-8, frames past the server's limit), which the malformed-frame fault needs.
 *
 * <p>{@link #sendText} and {@link #sendFrame} may be called from any thread; they block while the socket's send
 * buffer is full. The listener runs on the reader thread; {@link Listener#onClosed} runs exactly once, with the
 * close code the server sent, or 1006 when the TCP connection ended without one.
 */
public final class WsSocket {
    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CLOSE = 8;
    public static final int PING = 9;
    public static final int PONG = 10;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** Callbacks on the reader thread. */
    public interface Listener {
        void onText(String text);

        void onClosed(int code, String reason);
    }

    /** How to open the socket; {@code receiveBuffer} 0 keeps the system default. */
    public record Options(int connectTimeoutMillis, int receiveBuffer) {
        public static final Options DEFAULT = new Options(3000, 0);
    }

    private final Socket socket;
    private final OutputStream out;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Listener listener;
    private volatile boolean ended;

    private WsSocket(Socket socket, Listener listener) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.listener = listener;
    }

    /**
     * Connects to {@code ws://host:port/ws} and completes the upgrade, then starts reading.
     *
     * @throws IOException if the TCP connection or the upgrade fails (the message says which)
     */
    public static WsSocket connect(InetSocketAddress server, Options options, Listener listener) throws IOException {
        Socket s = new Socket();
        try {
            if (options.receiveBuffer() > 0) {
                s.setReceiveBufferSize(options.receiveBuffer());
            }
            s.setTcpNoDelay(true);
            s.connect(server, options.connectTimeoutMillis());
            s.setSoTimeout(options.connectTimeoutMillis());
            String key = newKey();
            s.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(s.getInputStream(), 8 * 1024);
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 101") || !head.contains(accept(key))) {
                throw new IOException("Upgrade refused by " + server + ": " + head.lines().findFirst().orElse(""));
            }
            s.setSoTimeout(0);
            WsSocket ws = new WsSocket(s, listener);
            Thread.ofVirtual().name("ws-reader").start(() -> ws.readLoop(in));
            return ws;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public void sendText(String text) throws IOException {
        sendFrame(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one final, masked frame of any opcode with any payload. */
    public void sendFrame(int opcode, byte[] payload) throws IOException {
        writeLock.lock();
        try {
            out.write(frame(opcode, payload));
            out.flush();
        } finally {
            writeLock.unlock();
        }
    }

    /** Sends a close frame; the connection ends when the server answers it or drops. */
    public void close(int code) {
        try {
            sendFrame(CLOSE, new byte[] {(byte) (code >> 8), (byte) code});
        } catch (IOException e) {
            abort();
        }
    }

    /** Ends the TCP connection at once with a reset, like a killed process with unread data. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // the socket is already closed; closing again below is harmless
        }
        try {
            socket.close();
        } catch (IOException e) {
            System.err.println("closing a client socket failed: " + e);
        }
    }

    public boolean ended() {
        return ended;
    }

    private void readLoop(InputStream in) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int code = 1006;
        String reason = "TCP connection ended without a close frame";
        try {
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    break;
                }
                int b1 = readByte(in);
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = (readByte(in) << 8) | readByte(in);
                } else if (len == 127) {
                    len = 0;
                    for (int i = 0; i < 8; i++) {
                        len = (len << 8) | readByte(in);
                    }
                }
                byte[] payload = in.readNBytes((int) len);
                if (payload.length < len) {
                    break;
                }
                int opcode = b0 & 0x0f;
                boolean fin = (b0 & 0x80) != 0;
                if (opcode == CLOSE) {
                    code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    reason = payload.length > 2
                            ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    close(code);
                    break;
                } else if (opcode == PING) {
                    sendFrame(PONG, payload);
                } else if (opcode == TEXT || opcode == 0) {
                    message.write(payload);
                    if (fin) {
                        listener.onText(message.toString(StandardCharsets.UTF_8));
                        message.reset();
                    }
                }
            }
        } catch (IOException e) {
            reason = "read failed: " + e.getMessage();
        } finally {
            ended = true;
            abort();
            listener.onClosed(code, reason);
        }
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection ended inside a frame header");
        }
        return b;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection ended during the upgrade; got: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static byte[] frame(int opcode, byte[] payload) {
        int len = payload.length;
        int header = len < 126 ? 2 : len < 65536 ? 4 : 10;
        byte[] f = new byte[header + 4 + len];
        f[0] = (byte) (0x80 | opcode);
        if (len < 126) {
            f[1] = (byte) (0x80 | len);
        } else if (len < 65536) {
            f[1] = (byte) (0x80 | 126);
            f[2] = (byte) (len >> 8);
            f[3] = (byte) len;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                f[2 + i] = (byte) ((long) len >> (56 - 8 * i));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, f, header, 4);
        for (int i = 0; i < len; i++) {
            f[header + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return f;
    }

    private static String newKey() {
        byte[] k = new byte[16];
        ThreadLocalRandom.current().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private static String accept(String key) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JDK", e);
        }
    }
}
