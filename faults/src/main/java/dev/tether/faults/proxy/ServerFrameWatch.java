package dev.tether.faults.proxy;

import dev.tether.testkit.ws.WsFrames;

/**
 * Follows the server-to-client byte stream of one WebSocket connection (the HTTP upgrade answer, then
 * unmasked frames) by frame headers alone, to note when a close frame goes by and its code. Used by one
 * thread at a time.
 */
final class ServerFrameWatch {
    private boolean upgraded;
    private int headTail;
    private final byte[] header = new byte[14];
    private int headerLen;
    private long skip;
    private boolean inClose;
    private int closeBytes;
    private int code;
    private volatile long closeFrameAt;
    private volatile int closeCode;

    long closeFrameAt() {
        return closeFrameAt;
    }

    int closeCode() {
        return closeCode;
    }

    void scan(byte[] b, int len) {
        int i = 0;
        while (i < len) {
            if (!upgraded) {
                // the answer head ends with CR LF CR LF
                headTail = (b[i] == (headTail % 2 == 0 ? '\r' : '\n')) ? headTail + 1 : (b[i] == '\r' ? 1 : 0);
                upgraded = headTail == 4;
                i++;
            } else if (skip > 0) {
                int n = (int) Math.min(skip, len - i);
                for (int k = 0; inClose && k < n && closeBytes < 2; k++, closeBytes++) {
                    code = (code << 8) | (b[i + k] & 0xff);
                }
                skip -= n;
                i += n;
                if (skip == 0 && inClose) {
                    closeCode = code;
                    inClose = false;
                }
            } else {
                header[headerLen++] = b[i++];
                frameHeader();
            }
        }
    }

    private void frameHeader() {
        if (headerLen < 2 || headerLen < WsFrames.headerLengthAt(header, 0)) {
            return;
        }
        long payload = WsFrames.payloadLength(header, 0);
        if ((header[0] & 0x0f) == WsFrames.CLOSE) {
            closeFrameAt = System.nanoTime();
            inClose = payload > 0;
            closeBytes = 0;
            code = 0;
            closeCode = payload >= 2 ? 0 : WsFrames.NO_STATUS;
        }
        skip = payload;
        headerLen = 0;
    }
}
