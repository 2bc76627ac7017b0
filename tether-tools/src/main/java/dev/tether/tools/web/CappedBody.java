package dev.tether.tools.web;

import java.io.IOException;
import java.io.InterruptedIOException;
import okio.BufferedSource;

/**
 * A response body read up to a byte cap. The cap counts bytes as the caller sees them, so after OkHttp's
 * transparent gzip decoding: a small compressed body that inflates past the cap is truncated like any
 * other.
 *
 * @param bytes at most the cap
 * @param truncated true when the body went on past the cap and was not read further
 */
record CappedBody(byte[] bytes, boolean truncated) {
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16L;

    /** An empty, complete body, for responses that are not read (redirects). */
    static CappedBody empty() {
        return new CappedBody(new byte[0], false);
    }

    /**
     * Reads at most {@code maxBytes} from {@code source}, then looks at most one byte further to tell a body
     * that ends at the cap from one that goes on. Blocks until the cap is reached, the body ends, or a
     * timeout or cancel interrupts the read (then it throws).
     */
    static CappedBody read(BufferedSource source, long maxBytes) throws IOException {
        long cap = Math.min(maxBytes, MAX_ARRAY);
        if (!source.request(cap)) {
            return new CappedBody(source.readByteArray(), false);
        }
        byte[] bytes = source.readByteArray(cap);
        return new CappedBody(bytes, goesOn(source));
    }

    private static boolean goesOn(BufferedSource source) throws IOException {
        try {
            return !source.exhausted();
        } catch (InterruptedIOException e) {
            return true; // the server stalled right at the cap: we have all we wanted, so report it as more
        }
    }
}
