package dev.tether.tools.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects a process's output without growing past a cap: keeps the first half and the last half of the
 * allowed characters and counts what falls in between. Written by one reader thread and read by another,
 * so every method is synchronized.
 */
final class BoundedOutput {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedOutput.class);
    private final int headCap;
    private final StringBuilder head = new StringBuilder();
    private final char[] tail;
    private long total;

    BoundedOutput(int maxChars) {
        this.headCap = maxChars / 2;
        this.tail = new char[maxChars - headCap];
    }

    /** Reads {@code in} as UTF-8 until end of stream or an I/O error (the stream was closed). */
    void drain(InputStream in) {
        char[] buffer = new char[8_192];
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            for (int n = reader.read(buffer); n != -1; n = reader.read(buffer)) {
                append(buffer, n);
            }
        } catch (IOException e) {
            LOG.debug("exec output stream ended with an error after {} chars", chars(), e);
        }
    }

    synchronized void append(char[] chars, int length) {
        for (int i = 0; i < length; i++) {
            if (head.length() < headCap) {
                head.append(chars[i]);
            } else {
                tail[(int) ((total - headCap) % tail.length)] = chars[i];
            }
            total++;
        }
    }

    synchronized long chars() {
        return total;
    }

    /** Everything so far, or head + note + tail when more than the cap arrived. */
    synchronized String text() {
        long inTail = Math.min(total - head.length(), tail.length);
        StringBuilder out = new StringBuilder(head);
        long omitted = total - head.length() - inTail;
        if (omitted > 0) {
            out.append("\n[... ").append(omitted).append(" characters of output omitted ...]\n");
        }
        long start = total - inTail;
        for (long i = start; i < total; i++) {
            out.append(tail[(int) ((i - headCap) % tail.length)]);
        }
        return out.toString();
    }

    synchronized boolean truncated() {
        return total > head.length() + tail.length;
    }
}
