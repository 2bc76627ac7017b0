package dev.tether.tools.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP response as read from the wire.
 *
 * @param status the status code
 * @param headers field names in lower case, values in arrival order
 * @param body at most the configured number of bytes; empty for redirects
 * @param truncated true when the body went on past the cap and was not read further
 */
record RawResponse(int status, Map<String, List<String>> headers, byte[] body, boolean truncated) {
    RawResponse {
        headers = Map.copyOf(headers);
    }

    Optional<String> header(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).stream().findFirst();
    }

    boolean isRedirect() {
        return (status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
                && header("location").isPresent();
    }
}
