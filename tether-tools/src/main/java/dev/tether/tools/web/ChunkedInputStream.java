package dev.tether.tools.web;

import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 {@code Transfer-Encoding: chunked} body (RFC 9112 section 7.1); trailers are skipped. */
final class ChunkedInputStream extends InputStream {
    private static final int MAX_LINE = 4_096;
    private final InputStream in;
    private long remaining;
    private boolean done;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (done) {
            return -1;
        }
        if (remaining == 0) {
            remaining = nextChunkSize();
            if (remaining == 0) {
                done = true;
                while (!readLine(in, MAX_LINE).isEmpty()) {
                    // skip trailer fields up to the empty line that ends the message
                }
                return -1;
            }
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n == -1) {
            throw new IOException("Connection closed inside a chunk; " + remaining + " bytes missing");
        }
        remaining -= n;
        if (remaining == 0 && !readLine(in, MAX_LINE).isEmpty()) {
            throw new IOException("Malformed chunked body: no CRLF after a chunk");
        }
        return n;
    }

    private long nextChunkSize() throws IOException {
        String line = readLine(in, MAX_LINE);
        String size = line.split(";", 2)[0].strip();
        if (!size.matches("[0-9a-fA-F]{1,15}")) {
            throw new IOException("Malformed chunk size line: '" + line + "'");
        }
        return Long.parseLong(size, 16);
    }

    /** Reads one CRLF- or LF-terminated line as ISO-8859-1, without the terminator. */
    static String readLine(InputStream in, int max) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c == -1) {
                throw new IOException("Connection closed in the middle of a line");
            }
            if (line.length() >= max) {
                throw new IOException("Protocol line longer than " + max + " bytes");
            }
            line.append((char) c);
        }
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
