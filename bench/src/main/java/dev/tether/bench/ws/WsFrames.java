package dev.tether.bench.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** RFC 6455 framing for a client: masked frames out, unmasked frames in. Stateless helpers. */
public final class WsFrames {
    public static final int CONTINUATION = 0;
    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CLOSE = 8;
    public static final int PING = 9;
    public static final int PONG = 10;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WsFrames() {
    }

    /** A final, masked client frame. */
    public static ByteBuffer clientFrame(int opcode, byte[] payload) {
        int len = payload.length;
        int header = len < 126 ? 2 : len < 65536 ? 4 : 10;
        ByteBuffer b = ByteBuffer.allocate(header + 4 + len);
        b.put((byte) (0x80 | opcode));
        if (len < 126) {
            b.put((byte) (0x80 | len));
        } else if (len < 65536) {
            b.put((byte) (0x80 | 126)).putShort((short) len);
        } else {
            b.put((byte) (0x80 | 127)).putLong(len);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        b.put(mask);
        for (int i = 0; i < len; i++) {
            b.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return b.flip();
    }

    public static ByteBuffer text(String text) {
        return clientFrame(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The upgrade request for {@code path} on {@code host:port}, with the key it carries. */
    public static String upgradeRequest(String host, int port, String path, String key) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    public static String newKey() {
        byte[] k = new byte[16];
        ThreadLocalRandom.current().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    /** The Sec-WebSocket-Accept a server must answer {@code key} with. */
    public static String accept(String key) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JDK", e);
        }
    }

    /**
     * The length of the complete server frame starting at {@code off} in {@code buf[off..end)}, or -1 if it has
     * not fully arrived. Header length is {@link #headerLength}.
     */
    public static long frameLength(byte[] buf, int off, int end) {
        int avail = end - off;
        if (avail < 2) {
            return -1;
        }
        int len7 = buf[off + 1] & 0x7f;
        boolean masked = (buf[off + 1] & 0x80) != 0;
        int header = headerLength(len7) + (masked ? 4 : 0);
        if (avail < header) {
            return -1;
        }
        long payload = payloadLength(buf, off);
        return avail >= header + payload ? header + payload : -1;
    }

    public static int headerLength(int len7) {
        return len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
    }

    /** The payload length of the frame at {@code off}; its header must have arrived. */
    public static long payloadLength(byte[] buf, int off) {
        int len7 = buf[off + 1] & 0x7f;
        if (len7 < 126) {
            return len7;
        }
        if (len7 == 126) {
            return ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[off + 2 + i] & 0xff);
        }
        return v;
    }
}
