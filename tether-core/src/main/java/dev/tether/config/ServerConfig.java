package dev.tether.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code server} section: where {@code tether serve} listens, who may connect, and connection limits.
 *
 * @param allowedOrigins browser origins besides the server's own that may open the WebSocket
 * @param corsOrigins browser origins whose pages may call the REST and OpenAI-compatible APIs (CORS); empty, the
 *     default, turns CORS off. Kept in the form browsers send in {@code Origin}: lower case, no default port.
 * @param tokenRecheck how often the tokens of open WebSocket connections are checked against the store, so a
 *     revoked token's connections are closed (REST checks the token on every request anyway)
 */
public record ServerConfig(String host, int port, Auth auth, List<String> allowedOrigins, List<String> corsOrigins,
                           Duration heartbeat,
                           Duration deadAfter, Duration replayWindow, long replayMaxBytes, long maxOutgoingBytes,
                           int maxFrameBytes, int maxConnectionsPerUser, int messagesPerMinute,
                           double memoryHighWater, Duration tokenRecheck, long maxUploadBytes) {
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(auth, "auth");
        allowedOrigins = List.copyOf(allowedOrigins);
        corsOrigins = Objects.requireNonNull(corsOrigins, "cors-origins").stream().map(ServerConfig::corsOrigin)
                .distinct().toList();
        Check.range("port", port, 0, 65535);
        Check.positive("heartbeat", heartbeat);
        Check.positive("dead-after", deadAfter);
        Check.positive("replay-window", replayWindow);
        Check.range("replay-max-bytes", replayMaxBytes, 1024, 1L << 32);
        Check.range("max-outgoing-bytes", maxOutgoingBytes, 16 * 1024, 1L << 31);
        Check.range("max-frame-bytes", maxFrameBytes, 1024, 16 << 20);
        Check.range("max-connections-per-user", maxConnectionsPerUser, 1, 100_000);
        Check.range("messages-per-minute", messagesPerMinute, 1, 1_000_000);
        Check.range("token-recheck", tokenRecheck, Duration.ofMillis(100), Duration.ofHours(1));
        Check.range("max-upload-bytes", maxUploadBytes, 0, 1L << 40);
        if (!(memoryHighWater == 0 || (memoryHighWater >= 0.1 && memoryHighWater <= 0.99))) {
            throw new IllegalArgumentException("memory-high-water must be 0 (off) or a fraction from 0.1 to 0.99, but was "
                    + memoryHighWater);
        }
        if (deadAfter.compareTo(heartbeat) <= 0) {
            throw new IllegalArgumentException("dead-after must be longer than heartbeat, but dead-after was "
                    + Durations.format(deadAfter) + " and heartbeat " + Durations.format(heartbeat));
        }
    }

    /**
     * One entry of {@code cors-origins} in the form a browser sends it in the {@code Origin} header
     * ({@code https://chat.example.com}, {@code http://localhost:5173}): scheme and host in lower case, the port
     * only if it is not the scheme's default, no trailing slash. Anything else is refused with an example.
     */
    static String corsOrigin(String value) {
        String v = Objects.requireNonNull(value, "cors-origins entry").strip();
        if (v.equals("*")) {
            throw new IllegalArgumentException("cors-origins cannot contain \"*\": list the origins of the web apps "
                    + "that may call the API, such as \"https://chat.example.com\" (with \"*\" any web page could "
                    + "call it, without a token when server.auth is \"none\")");
        }
        String example = " Write an origin: scheme, host and optional port, such as \"https://chat.example.com\" or "
                + "\"http://localhost:5173\"";
        URI uri;
        try {
            uri = new URI(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cors-origins entry \"" + value + "\" is not an origin." + example);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("cors-origins entry \"" + value + "\" must start with http:// or "
                    + "https://." + example);
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty()
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("cors-origins entry \"" + value + "\" is not an origin (no path, query "
                    + "or user name)." + example);
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /** Whether {@link #host()} is a loopback address (the only place {@link Auth#NONE} is allowed). */
    public boolean loopbackOnly() {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** How clients prove who they are. */
    public enum Auth {
        TOKEN, NONE;

        @JsonCreator
        static Auth parse(String value) {
            for (Auth a : values()) {
                if (a.name().equalsIgnoreCase(value.strip())) {
                    return a;
                }
            }
            throw new IllegalArgumentException("auth must be \"token\" or \"none\" but was \"" + value + "\"");
        }

        @JsonValue
        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
