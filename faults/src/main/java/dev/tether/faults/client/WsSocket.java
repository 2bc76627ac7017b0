package dev.tether.faults.client;

import dev.tether.testkit.ws.WsFrames;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client WebSocket (RFC 6455) on a blocking {@link Socket}, read by a virtual thread: cheap enough for
 * thousands at once, and able to send what a correct client never would (binary frames, bytes that are not
 * UTF-8, frames past the server's limit), which the malformed-frame fault needs.
 *
 * <p>{@link #sendText} and {@link #sendFrame} may be called from any thread; they block while the socket's send
 * buffer is full. The listener runs on the reader thread; {@link Listener#onClosed} runs exactly once, with the
 * close code the server sent, or 1006 when the TCP connection ended without one. The framing is the test kit's
 * {@link WsFrames}, shared with the load generator; opcodes are its constants.
 */
public final class WsSocket {

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
            String key = WsFrames.newKey();
            s.getOutputStream().write(WsFrames.upgradeRequest(server.getHostString(), server.getPort(), "/ws", key)
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(s.getInputStream(), 8 * 1024);
            String head = readHead(in);
            if (!WsFrames.upgradeAccepted(head, key)) {
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
        sendFrame(WsFrames.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one final, masked frame of any opcode with any payload. */
    public void sendFrame(int opcode, byte[] payload) throws IOException {
        writeLock.lock();
        try {
            out.write(WsFrames.clientFrame(opcode, payload).array());
            out.flush();
        } finally {
            writeLock.unlock();
        }
    }

    /** Sends a close frame; the connection ends when the server answers it or drops. */
    public void close(int code) {
        try {
            sendFrame(WsFrames.CLOSE, WsFrames.closePayload(code));
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
        byte[] header = new byte[10];
        int code = 1006;
        String reason = "TCP connection ended without a close frame";
        try {
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    break;
                }
                header[0] = (byte) b0;
                header[1] = (byte) readByte(in);
                int extended = WsFrames.headerLength(header[1] & 0x7f) - 2;
                if (in.readNBytes(header, 2, extended) < extended) {
                    throw new EOFException("connection ended inside a frame header");
                }
                long len = WsFrames.payloadLength(header, 0);
                byte[] payload = in.readNBytes((int) len);
                if (payload.length < len) {
                    break;
                }
                int opcode = b0 & 0x0f;
                boolean fin = (b0 & 0x80) != 0;
                if (opcode == WsFrames.CLOSE) {
                    code = WsFrames.closeCode(payload, 0, payload.length);
                    reason = WsFrames.closeReason(payload, 0, payload.length);
                    close(code);
                    break;
                } else if (opcode == WsFrames.PING) {
                    sendFrame(WsFrames.PONG, payload);
                } else if (opcode == WsFrames.TEXT || opcode == WsFrames.CONTINUATION) {
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
}
