package dev.tether.config;

import java.util.Objects;

/** The {@code server} section: where {@code tether serve} listens. */
public record ServerConfig(String host, int port) {
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Check.range("port", port, 0, 65535);
    }
}
