package dev.tether.testkit.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the server read it off the wire.
 *
 * @param method upper-case method, for example {@code POST}
 * @param target the request target as sent: path plus optional query
 * @param headers header names in lower case, values in arrival order
 * @param body the body decoded as UTF-8 (Content-Length or chunked); empty when there was none
 */
public record IncomingRequest(String method, String target, Map<String, List<String>> headers, String body) {
    public IncomingRequest {
        headers = Map.copyOf(headers);
    }

    /** The path without the query string. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The first value of a header, matched case-insensitively. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** Whether the client asked to close the connection after this exchange. */
    boolean wantsClose() {
        return header("connection").map(v -> v.equalsIgnoreCase("close")).orElse(false);
    }
}
