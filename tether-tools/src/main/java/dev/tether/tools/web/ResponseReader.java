package dev.tether.tools.web;

import dev.tether.tools.ToolFailureException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** Parses an HTTP/1.1 response head and reads at most a capped number of body bytes. */
final class ResponseReader {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?");
    private static final int MAX_HEAD_LINE = 16_384;
    private static final int MAX_HEADERS = 200;

    private ResponseReader() {
    }

    static RawResponse read(InputStream in, long maxBytes) throws IOException {
        int status;
        Map<String, List<String>> headers;
        do { // skip interim 1xx responses such as 100 Continue
            status = statusCode(ChunkedInputStream.readLine(in, MAX_HEAD_LINE));
            headers = headers(in);
        } while (status >= 100 && status < 200);
        RawResponse head = new RawResponse(status, headers, new byte[0], false);
        if (head.isRedirect() || status == 204 || status == 304) {
            return head;
        }
        InputStream body = decoded(framed(in, head), head);
        byte[] bytes = body.readNBytes((int) Math.min(maxBytes, Integer.MAX_VALUE - 16));
        return new RawResponse(status, headers, bytes, bytes.length == maxBytes && more(body));
    }

    private static int statusCode(String line) throws IOException {
        Matcher m = STATUS_LINE.matcher(line);
        if (!m.matches()) {
            throw new IOException("Not an HTTP/1.x response; status line was '" + abbreviate(line) + "'");
        }
        return Integer.parseInt(m.group(1));
    }

    private static Map<String, List<String>> headers(InputStream in) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = ChunkedInputStream.readLine(in, MAX_HEAD_LINE); !line.isEmpty();
                line = ChunkedInputStream.readLine(in, MAX_HEAD_LINE)) {
            int colon = line.indexOf(':');
            if (colon <= 0 || headers.size() >= MAX_HEADERS) {
                throw new IOException("Malformed response header: '" + abbreviate(line) + "'");
            }
            headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
        }
        return headers;
    }

    private static InputStream framed(InputStream in, RawResponse head) throws IOException {
        if (head.header("transfer-encoding").map(t -> t.toLowerCase(Locale.ROOT).contains("chunked"))
                .orElse(false)) {
            return new ChunkedInputStream(in);
        }
        String length = head.header("content-length").orElse("");
        if (length.isEmpty()) {
            return in; // the body ends when the server closes the connection
        }
        if (!length.matches("[0-9]{1,18}")) {
            throw new IOException("Invalid Content-Length: '" + abbreviate(length) + "'");
        }
        long n = Long.parseLong(length);
        return new InputStream() {
            private long left = n;

            @Override
            public int read() throws IOException {
                return left-- > 0 ? in.read() : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int read = in.read(b, off, (int) Math.min(len, left));
                left -= Math.max(read, 0);
                return read;
            }
        };
    }

    private static InputStream decoded(InputStream body, RawResponse head) throws IOException {
        String encoding = head.header("content-encoding").orElse("identity").strip().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "identity", "" -> body;
            case "gzip", "x-gzip" -> new GZIPInputStream(body);
            default -> throw new ToolFailureException("The server sent an unsupported Content-Encoding: '"
                    + encoding + "'", "Try another URL for the same content.");
        };
    }

    /** Whether the body goes on past the cap; a server that stalls right at the cap counts as "more". */
    private static boolean more(InputStream body) throws IOException {
        try {
            return body.read() != -1;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
