package dev.tether.tools.web;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits for {@link WebFetchTool}.
 *
 * @param timeout the whole fetch, every redirect hop, connect, TLS and body included; positive
 * @param maxBytes how many body bytes are read at most, counted after gzip decoding (a small compressed
 *     body that inflates past the cap is cut like any other); the rest is not downloaded and the result says
 *     it was truncated; at least 1
 * @param maxRedirects how many redirects are followed before giving up; 0 disables following
 * @param allowPrivateAddresses when true, loopback, private and link-local addresses may be fetched (for a
 *     trusted home network); false by default, and only then is the fetch protected from reaching the
 *     server's own network
 */
public record WebFetchSettings(Duration timeout, long maxBytes, int maxRedirects, boolean allowPrivateAddresses) {
    public WebFetchSettings {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("web_fetch timeout must be positive: " + timeout);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("web_fetch maxBytes < 1: " + maxBytes);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("web_fetch maxRedirects < 0: " + maxRedirects);
        }
    }

    /** 20 seconds, 2 MiB, 5 redirects, public addresses only. */
    public static WebFetchSettings defaults() {
        return new WebFetchSettings(Duration.ofSeconds(20), 2L * 1024 * 1024, 5, false);
    }

    /** A copy with {@code allowPrivateAddresses} changed. */
    public WebFetchSettings allowPrivateAddresses(boolean allow) {
        return new WebFetchSettings(timeout, maxBytes, maxRedirects, allow);
    }
}
