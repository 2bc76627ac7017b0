package dev.tether.testkit.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Parses HTTP/1.1 requests (request line, headers, Content-Length or chunked body) from one connection. */
final class RequestReader {
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_BODY = 32 * 1024 * 1024;

    private final InputStream in;

    RequestReader(InputStream in) {
        this.in = in;
    }

    /** The next request, or empty when the client closed the connection between requests. */
    Optional<IncomingRequest> next() throws IOException {
        String requestLine = readLine(true);
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = readLine(true); // RFC 9112 2.2: ignore empty lines before a request line
        }
        if (requestLine == null) {
            return Optional.empty();
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new IOException("Malformed request line: '" + requestLine + "'");
        }
        Map<String, List<String>> headers = readHeaders();
        byte[] body = readBody(headers);
        if (parts[2].equals("HTTP/1.0")) {
            headers.computeIfAbsent("connection", k -> new ArrayList<>()).addFirst("close");
        }
        return Optional.of(new IncomingRequest(parts[0].toUpperCase(Locale.ROOT), parts[1], headers,
                new String(body, StandardCharsets.UTF_8)));
    }

    private Map<String, List<String>> readHeaders() throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = readLine(false); !line.isEmpty(); line = readLine(false)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("Malformed header line: '" + line + "'");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        return headers;
    }

    private byte[] readBody(Map<String, List<String>> headers) throws IOException {
        List<String> te = headers.getOrDefault("transfer-encoding", List.of());
        if (te.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            return readChunked();
        }
        List<String> cl = headers.getOrDefault("content-length", List.of());
        if (cl.isEmpty()) {
            return new byte[0];
        }
        int length = Integer.parseInt(cl.getFirst());
        if (length < 0 || length > MAX_BODY) {
            throw new IOException("Content-Length out of range: " + length);
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("Body ended after " + body.length + " of " + length + " bytes");
        }
        return body;
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(false);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!readLine(false).isEmpty()) {
                    // trailer fields are not used by any client we fake; skip them
                }
                return out.toByteArray();
            }
            if (out.size() + size > MAX_BODY) {
                throw new IOException("Chunked body larger than " + MAX_BODY + " bytes");
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("Chunk ended after " + chunk.length + " of " + size + " bytes");
            }
            out.write(chunk);
            readLine(false);
        }
    }

    /** Reads a CRLF- or LF-terminated line; null at EOF only if {@code eofAllowed} and nothing was read. */
    private String readLine(boolean eofAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (eofAllowed && line.size() == 0) {
                    return null;
                }
                throw new EOFException("Connection closed in the middle of a request");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("Line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }
}
