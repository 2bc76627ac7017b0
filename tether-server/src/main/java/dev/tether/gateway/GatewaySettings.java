package dev.tether.gateway;

import dev.tether.config.ServerConfig;
import java.time.Duration;

/** The gateway's limits and timings (see the {@code server} config section). */
public record GatewaySettings(Duration heartbeat, Duration deadAfter, Duration handshakeTimeout,
                              long maxOutgoingBytes, int maxFrameBytes, int maxConnectionsPerUser,
                              int messagesPerMinute, int invalidFramesPerMinute, double memoryHighWater) {

    public static GatewaySettings from(ServerConfig c) {
        return new GatewaySettings(c.heartbeat(), c.deadAfter(), Duration.ofSeconds(10), c.maxOutgoingBytes(),
                c.maxFrameBytes(), c.maxConnectionsPerUser(), c.messagesPerMinute(), 20, c.memoryHighWater());
    }
}
