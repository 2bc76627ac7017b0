package dev.tether.tools.fs;

import dev.tether.tools.ToolFailureException;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads one window of lines from a character stream without holding more than the window in memory, and
 * describes where it stopped so the model can ask for the next window.
 */
final class LineWindow {
    private final Reader reader;
    private final long offset;
    private final long limit;
    private final int maxChars;

    LineWindow(Reader reader, long offset, long limit, int maxChars) {
        this.reader = reader;
        this.offset = offset;
        this.limit = limit;
        this.maxChars = maxChars;
    }

    /** The window's text followed, if it stopped early, by a note on how to read more. */
    String read(String shown) throws IOException {
        long line = 1;
        int previous = -1;
        while (line < offset) {
            int c = reader.read();
            if (c == -1) {
                break;
            }
            if (c == '\n') {
                line++;
            }
            previous = c;
        }
        int c = line < offset ? -1 : reader.read();
        if (c == -1) {
            return pastEnd(shown, line, previous);
        }
        StringBuilder out = new StringBuilder();
        long completed = 0;
        while (c != -1) {
            if (out.length() >= maxChars) {
                long current = offset + completed;
                return out + "\n\n[Output cut at " + maxChars + " characters inside line " + current
                        + ". Call read_file with offset=" + (current + 1) + " to continue after that line.]";
            }
            out.append((char) c);
            if (c == '\n' && ++completed == limit) {
                break;
            }
            c = reader.read();
        }
        boolean endsWithNewline = out.charAt(out.length() - 1) == '\n';
        long last = offset + completed - (endsWithNewline ? 1 : 0);
        if (c != -1 && reader.read() != -1) {
            return out + "\n[Showing lines " + offset + "-" + last + ". The file continues: call read_file with"
                    + " offset=" + (last + 1) + " to read more.]";
        }
        if (offset > 1) {
            return out + (endsWithNewline ? "" : "\n") + "[Showing lines " + offset + "-" + last
                    + "; end of file.]";
        }
        return out.toString();
    }

    private String pastEnd(String shown, long line, int previous) {
        if (offset == 1) {
            return "(empty file)";
        }
        long lines = previous == '\n' || previous == -1 ? line - 1 : line;
        throw new ToolFailureException("offset " + offset + " is past the end of '" + shown + "' (" + lines
                + " lines)", "Use an offset between 1 and " + Math.max(1, lines) + ".");
    }
}
