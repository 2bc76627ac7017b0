package dev.tether.server;

import dev.tether.agent.Agent;
import dev.tether.config.ServerConfig;
import dev.tether.gateway.Authenticator;
import dev.tether.gateway.Gateway;
import dev.tether.gateway.GatewaySettings;
import dev.tether.http.HttpApi;
import dev.tether.live.LiveConversations;
import dev.tether.live.TurnRunner;
import dev.tether.store.ConversationStore;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server. {@link #start} binds (refusing a non-loopback address without authentication, and an
 * address in use with a clear message); {@link #close} tells clients to reconnect (1001), waits for running
 * replies up to the grace period, and stops.
 */
public final class TetherServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TetherServer.class);

    private final Javalin javalin;
    private final Gateway gateway;
    private final TurnRunner turns;
    private final LiveConversations live;

    /** What the server serves. */
    public record Parts(ServerConfig config, ConversationStore store, Agent agent, Authenticator authenticator) {
        public Parts {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(authenticator, "authenticator");
        }
    }

    private TetherServer(Parts parts) {
        ServerConfig config = parts.config();
        this.live = new LiveConversations(parts.store(), config.replayWindow(), config.replayMaxBytes());
        this.turns = new TurnRunner(parts.agent(), parts.store(), live);
        this.gateway = new Gateway(GatewaySettings.from(config), parts.store(), live, turns, parts.authenticator());
        OriginCheck origins = new OriginCheck(config.allowedOrigins());
        this.javalin = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            // Tether uses no HTTP sessions, but Javalin asks for one on every WebSocket upgrade, and Jetty's default
            // cache kept each one until it expired: 0.7 KiB per connection ever opened. Keep none.
            cfg.jetty.modifyServletContextHandler(handler -> {
                SessionHandler sessions = handler.getSessionHandler();
                NullSessionCache none = new NullSessionCache(sessions);
                none.setSessionDataStore(new NullSessionDataStore());
                sessions.setSessionCache(none);
            });
            if (TetherServer.class.getClassLoader().getResource("META-INF/resources/webjars") != null) {
                cfg.staticFiles.enableWebjars(); // marked and DOMPurify for the web UI
            }
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
            });
            cfg.routes.get("/health/live", ctx -> ctx.json(java.util.Map.of("status", "live")));
            cfg.routes.get("/health/ready", ctx -> ctx.json(java.util.Map.of("status", "ready",
                    "connections", gateway.connections(), "running", turns.running())));
            HttpApi.install(cfg.routes, new HttpApi.Parts(parts.store(), parts.agent(), turns, parts.authenticator(),
                    "tether"));
            cfg.routes.wsBeforeUpgrade("/ws", origins::check);
            cfg.routes.ws("/ws", gateway::configure);
        });
    }

    /** Starts serving; throws {@link ServerException} with what to change if it cannot. */
    public static TetherServer start(Parts parts) {
        ServerConfig config = parts.config();
        if (config.auth() == ServerConfig.Auth.NONE && !config.loopbackOnly()) {
            throw new ServerException("Refusing to listen on " + config.host() + " with server.auth = \"none\": anyone "
                    + "who can reach it could use the assistant. Set server.auth to \"token\" (and create a token with "
                    + "'tether token create'), or listen on 127.0.0.1.");
        }
        TetherServer server = new TetherServer(parts);
        try {
            server.javalin.start();
        } catch (RuntimeException e) {
            server.gateway.close();
            server.turns.close(Duration.ZERO);
            if (causedByBind(e)) {
                throw new ServerException("Port " + config.port() + " on " + config.host() + " is in use. Stop the other "
                        + "process or set server.port (for example --set server.port=8788).", e);
            }
            throw new ServerException("Cannot start the server on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
        LOG.info("Tether listening on http://{}:{}", config.host(), server.port());
        return server;
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return javalin.port();
    }

    public LiveConversations live() {
        return live;
    }

    public TurnRunner turns() {
        return turns;
    }

    /** Closes client connections (1001), waits up to {@code grace} for running replies, then stops. */
    public void close(Duration grace) {
        gateway.close();
        turns.close(grace);
        javalin.stop();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
