package dev.tether.testkit.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RFC 6455 framing for a client: masked frames out, server frames parsed in place. Stateless static helpers, safe
 * from any thread; the parsing ones allocate nothing, and {@link #clientFrame} allocates only the frame, because the
 * load generator runs them for hundreds of thousands of frames a second.
 */
public final class WsFrames {
    public static final int CONTINUATION = 0;
    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CLOSE = 8;
    public static final int PING = 9;
    public static final int PONG = 10;
    /** The close code a close frame without a code stands for (RFC 6455 section 7.1.5). */
    public static final int NO_STATUS = 1005;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WsFrames() {
    }

    /**
     * A final, masked client frame of any opcode with any payload (a test may send what a correct client never
     * would). The buffer is a heap buffer at position 0 whose backing {@code array()} is exactly the frame.
     */
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

    /** The payload of a close frame with {@code code} and no reason. */
    public static byte[] closePayload(int code) {
        return new byte[] {(byte) (code >> 8), (byte) code};
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

    /** Whether the answer {@code head} (status line and headers) accepts the upgrade that carried {@code key}. */
    public static boolean upgradeAccepted(String head, String key) {
        return head.startsWith("HTTP/1.1 101") && head.contains(accept(key));
    }

    /**
     * The length of the complete server frame starting at {@code off} in {@code buf[off..end)}, or -1 if it has
     * not fully arrived. Its header is {@link #headerLengthAt} bytes.
     */
    public static long frameLength(byte[] buf, int off, int end) {
        int avail = end - off;
        if (avail < 2) {
            return -1;
        }
        int header = headerLengthAt(buf, off);
        if (avail < header) {
            return -1;
        }
        long payload = payloadLength(buf, off);
        return avail >= header + payload ? header + payload : -1;
    }

    /** The header length without a masking key for the 7-bit length field {@code len7}: 2, 4 or 10. */
    public static int headerLength(int len7) {
        return len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
    }

    /** The header length of the frame at {@code off}, masking key included; its first two bytes must have arrived. */
    public static int headerLengthAt(byte[] buf, int off) {
        return headerLength(buf[off + 1] & 0x7f) + ((buf[off + 1] & 0x80) != 0 ? 4 : 0);
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

    /** The code of a close frame's payload {@code buf[off..off+len)}, or {@link #NO_STATUS} if it has none. */
    public static int closeCode(byte[] buf, int off, int len) {
        return len >= 2 ? ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff) : NO_STATUS;
    }

    /** The reason of a close frame's payload {@code buf[off..off+len)}, or "" if it has none. */
    public static String closeReason(byte[] buf, int off, int len) {
        return len > 2 ? new String(buf, off + 2, len - 2, StandardCharsets.UTF_8) : "";
    }
}
