package dev.tether.gateway;

import dev.tether.live.Frames;
import dev.tether.live.OutboundFrame;
import dev.tether.store.StoreException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the connections whose access token was revoked after their hello. The gateway authenticates a
 * connection only at hello, and {@code tether token revoke} is another process (or another node) writing to the
 * store, so without this a leaked token's open connection would stay usable.
 *
 * <p>The gateway's timer calls {@link #start()} every {@code server.token-recheck}; the check runs on a virtual
 * thread, at most one at a time, so a slow store never delays the heartbeat. It collects the distinct token ids
 * of the open connections, asks the {@link Authenticator} once, and closes each connection of a revoked token:
 * error {@code unauthorized}, then close 4001. A failure to ask closes nothing: it is logged, and the next
 * interval asks again. Connections without a token id (auth {@code none}) are never asked about.
 */
final class TokenRecheck {
    private static final Logger LOG = LoggerFactory.getLogger(TokenRecheck.class);

    private final Authenticator authenticator;
    private final Supplier<Collection<Connection>> connections;
    private final AtomicBoolean running = new AtomicBoolean();

    TokenRecheck(Authenticator authenticator, Supplier<Collection<Connection>> connections) {
        this.authenticator = authenticator;
        this.connections = connections;
    }

    /** Starts a check on a virtual thread, unless the last one is still running. Cheap: called on the timer thread. */
    void start() {
        if (running.compareAndSet(false, true)) {
            Thread.ofVirtual().name("ws-token-recheck").start(() -> {
                try {
                    check();
                } finally {
                    running.set(false);
                }
            });
        }
    }

    /** Checks now, on this thread; returns the number of connections closed. */
    int check() {
        List<Connection> open = connections.get().stream()
                .filter(c -> c.state() == Connection.State.OPEN && !c.tokenId().isEmpty())
                .toList();
        if (open.isEmpty()) {
            return 0;
        }
        Set<String> ids = new HashSet<>();
        open.forEach(c -> ids.add(c.tokenId()));
        Set<String> revoked;
        try {
            revoked = authenticator.revokedAmong(ids);
        } catch (StoreException e) {
            LOG.warn("Could not check whether the {} access tokens of {} open connections were revoked; they stay open "
                    + "and the next check tries again. {}", ids.size(), open.size(), e.getMessage());
            return 0;
        } catch (RuntimeException e) {
            LOG.error("Could not check whether the {} access tokens of {} open connections were revoked; they stay open "
                    + "and the next check tries again. {}", ids.size(), open.size(), e.toString(), e);
            return 0;
        }
        int closed = 0;
        for (Connection c : open) {
            if (revoked.contains(c.tokenId())) {
                c.close(revokedFrame(c), 4001, "access token revoked");
                closed++;
            }
        }
        if (closed > 0) {
            LOG.info("Closed {} connections whose access token was revoked (token ids {}).", closed, revoked);
        }
        return closed;
    }

    private static OutboundFrame revokedFrame(Connection c) {
        return OutboundFrame.control(Frames.error("", "unauthorized", "The access token " + c.tokenId() + " of user '"
                + c.user() + "' was revoked, so this connection is closed. Sign in with a new one ('tether token "
                + "create --user " + c.user() + "' on the server).", false, 0));
    }
}
