package dev.tether.server;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses WebSocket upgrades from foreign browser origins (cross-site WebSocket hijacking). Requests without
 * an {@code Origin} header are not from a browser page and pass; they still need a token.
 */
final class OriginCheck {
    private final List<String> allowed;

    OriginCheck(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT).replaceAll("/+$", "")).toList();
    }

    /**
     * Why an upgrade with these {@code Origin} and {@code Host} headers (either may be null) is refused, or empty
     * if it is allowed.
     */
    Optional<String> refusal(String origin, String host) {
        if (origin == null || origin.isBlank()) {
            return Optional.empty();
        }
        String normalized = origin.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (allowed.contains(normalized) || sameOrigin(normalized, host)) {
            return Optional.empty();
        }
        return Optional.of("WebSocket connections from origin " + origin + " are not allowed. Open the chat "
                + "from this server's own address, or add the origin to server.allowed-origins in config.json.");
    }

    private static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            String h = host.toLowerCase(Locale.ROOT);
            return authority != null && (authority.equals(h)
                    || (h.endsWith(":80") && authority.equals(h.substring(0, h.length() - 3)) && "http".equals(uri.getScheme()))
                    || (h.endsWith(":443") && authority.equals(h.substring(0, h.length() - 4)) && "https".equals(uri.getScheme())));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
