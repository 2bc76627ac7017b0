package dev.tether.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The {@code server} section: where {@code tether serve} listens, who may connect, and connection limits. */
public record ServerConfig(String host, int port, Auth auth, List<String> allowedOrigins, Duration heartbeat,
                           Duration deadAfter, Duration replayWindow, long replayMaxBytes, long maxOutgoingBytes,
                           int maxFrameBytes, int maxConnectionsPerUser, int messagesPerMinute,
                           double memoryHighWater) {
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(auth, "auth");
        allowedOrigins = List.copyOf(allowedOrigins);
        Check.range("port", port, 0, 65535);
        Check.positive("heartbeat", heartbeat);
        Check.positive("dead-after", deadAfter);
        Check.positive("replay-window", replayWindow);
        Check.range("replay-max-bytes", replayMaxBytes, 1024, 1L << 32);
        Check.range("max-outgoing-bytes", maxOutgoingBytes, 16 * 1024, 1L << 31);
        Check.range("max-frame-bytes", maxFrameBytes, 1024, 16 << 20);
        Check.range("max-connections-per-user", maxConnectionsPerUser, 1, 100_000);
        Check.range("messages-per-minute", messagesPerMinute, 1, 1_000_000);
        if (!(memoryHighWater == 0 || (memoryHighWater >= 0.1 && memoryHighWater <= 0.99))) {
            throw new IllegalArgumentException("memory-high-water must be 0 (off) or a fraction from 0.1 to 0.99, but was "
                    + memoryHighWater);
        }
        if (deadAfter.compareTo(heartbeat) <= 0) {
            throw new IllegalArgumentException("dead-after must be longer than heartbeat, but dead-after was "
                    + Durations.format(deadAfter) + " and heartbeat " + Durations.format(heartbeat));
        }
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
