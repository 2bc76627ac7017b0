package dev.tether.gateway;

import dev.tether.config.ServerConfig;
import java.time.Duration;

/**
 * The gateway's limits and timings (see the {@code server} config section).
 *
 * @param tokenRecheck how often open connections' tokens are checked for revocation ({@link TokenRecheck});
 *     zero turns the check off, as with {@code auth = "none"}, where there are no tokens to revoke
 */
public record GatewaySettings(Duration heartbeat, Duration deadAfter, Duration handshakeTimeout,
                              long maxOutgoingBytes, int maxFrameBytes, int maxConnectionsPerUser,
                              int messagesPerMinute, int invalidFramesPerMinute, double memoryHighWater,
                              Duration tokenRecheck) {

    public static GatewaySettings from(ServerConfig c) {
        Duration recheck = c.auth() == ServerConfig.Auth.NONE ? Duration.ZERO : c.tokenRecheck();
        return new GatewaySettings(c.heartbeat(), c.deadAfter(), Duration.ofSeconds(10), c.maxOutgoingBytes(),
                c.maxFrameBytes(), c.maxConnectionsPerUser(), c.messagesPerMinute(), 20, c.memoryHighWater(), recheck);
    }
}
