package dev.tether.server;

import dev.tether.agent.Agent;
import dev.tether.config.QueueConfig;
import dev.tether.config.ServerConfig;
import dev.tether.gateway.Authenticator;
import dev.tether.gateway.Gateway;
import dev.tether.gateway.GatewaySettings;
import dev.tether.http.HttpApi;
import dev.tether.http.WebAssets;
import dev.tether.live.Conversations;
import dev.tether.live.LiveConversations;
import dev.tether.live.TurnRunner;
import dev.tether.queue.JobQueue;
import dev.tether.queue.LocalJobQueue;
import dev.tether.queue.ReplyRecovery;
import dev.tether.store.ConversationStore;
import dev.tether.store.JobStore;
import io.javalin.Javalin;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server. {@link #start} recovers what an unclean stop left (see {@link ReplyRecovery}), opens the
 * job queue and its workers, and binds (refusing a non-loopback address without authentication, and an
 * address in use with a clear message). {@link #close} drains: new messages are refused, clients are told to
 * reconnect (1001), running replies get until the deadline, what remains is checkpointed for the next start.
 */
public final class TetherServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TetherServer.class);

    private final Javalin javalin;
    private final Gateway gateway;
    private final TurnRunner turns;
    private final LiveConversations live;
    private final LocalJobQueue queue;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ReplyRecovery.Report recovery;

    /**
     * What the server serves.
     *
     * @param jobs the durable half of the job queue (the store, for the embedded and PostgreSQL stores)
     * @param handlers runners of background jobs by kind
     */
    public record Parts(ServerConfig config, QueueConfig queue, ConversationStore store, JobStore jobs, Agent agent,
                        Authenticator authenticator, Map<String, TurnRunner.JobHandler> handlers,
                        DoubleSupplier heapFullness) {
        /** With the JVM's own heap fullness for the memory watchdog. */
        public Parts(ServerConfig config, QueueConfig queue, ConversationStore store, JobStore jobs, Agent agent,
                     Authenticator authenticator, Map<String, TurnRunner.JobHandler> handlers) {
            this(config, queue, store, jobs, agent, authenticator, handlers, Gateway.JVM_HEAP);
        }

        public Parts {
            Objects.requireNonNull(heapFullness, "heapFullness");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(jobs, "jobs");
            handlers = Map.copyOf(handlers);
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(authenticator, "authenticator");
        }
    }

    private TetherServer(Parts parts) {
        ServerConfig config = parts.config();
        this.live = new LiveConversations(parts.store(), config.replayWindow(), config.replayMaxBytes());
        QueueConfig q = parts.queue();
        this.recovery = ReplyRecovery.run(parts.store(), parts.jobs(), q.maxAttempts(), Clock.systemUTC());
        this.queue = LocalJobQueue.open(parts.jobs(), q.maxQueued(), Clock.systemUTC());
        this.turns = new TurnRunner(parts.agent(), parts.store(), live, queue,
                new TurnRunner.Settings(q.concurrency(), q.retryDelay(), q.maxAttempts()), parts.handlers());
        Conversations conversations = new Conversations(parts.store(), turns);
        this.gateway = new Gateway(GatewaySettings.from(config), parts.store(), live, turns, conversations,
                parts.authenticator(), parts.heapFullness());
        conversations.feed(gateway::toUser);
        registerMetrics();
        OriginCheck origins = new OriginCheck(config.allowedOrigins());
        this.javalin = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.jetty.modifyServletContextHandler(handler -> {
                // Tether uses no HTTP sessions (Javalin's WebSocket routes asked for one on every upgrade, and
                // Jetty's default cache kept each until it expired); should anything ask for one, keep none
                SessionHandler sessions = handler.getSessionHandler();
                NullSessionCache none = new NullSessionCache(sessions);
                none.setSessionDataStore(new NullSessionDataStore());
                sessions.setSessionCache(none);
            });
            // /ws is upgraded by Jetty's core WebSocket handler in front of Javalin's servlet context, not by a
            // Javalin route, which keeps every connection's upgrade request and HTTP session while it is open
            cfg.jetty.modifyServer(server -> server.setHandler(webSockets(server, origins)));
            cfg.routes.get("/health/live", ctx -> ctx.json(java.util.Map.of("status", "live")));
            cfg.routes.get("/health/ready", ctx -> {
                JobQueue.Stats stats = turns.stats();
                boolean ready = !turns.draining();
                ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "ready" : "draining",
                        "connections", gateway.connections(), "running", turns.running(),
                        "queued", stats.queuedInteractive() + stats.queuedBackground(),
                        "capacity", stats.capacity()));
            });
            HttpApi.install(cfg, new HttpApi.Parts(parts.store(), turns, conversations, parts.authenticator(),
                    "tether", metrics, config.corsOrigins(), parts.agent().workspaces(), config.maxUploadBytes()));
            WebAssets.install(cfg); // the web UI and the WebJars it imports
        });
    }

    /**
     * The handler that upgrades {@code /ws} to the gateway, refusing a foreign {@code Origin} with 403 first;
     * everything else passes to the handler Javalin puts inside it (its servlet context).
     */
    private Handler webSockets(Server server, OriginCheck origins) {
        WebSocketUpgradeHandler upgrades =
                new WebSocketUpgradeHandler(WebSocketServerComponents.ensureWebSocketComponents(server));
        upgrades.setHandler((Handler) null); // its default inner handler answers 404; Javalin adds its own here
        upgrades.addMapping("/ws", (request, response, callback) -> {
            var refusal = origins.refusal(request.getHeaders().get(HttpHeader.ORIGIN),
                    request.getHeaders().get(HttpHeader.HOST));
            if (refusal.isPresent()) {
                Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403, refusal.get());
                return null;
            }
            return gateway.newEndpoint();
        });
        return upgrades;
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
            server.turns.drain(Duration.ZERO);
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

    public Gateway gateway() {
        return gateway;
    }

    /** What the start recovered from an unclean stop. */
    public ReplyRecovery.Report recovery() {
        return recovery;
    }

    private void registerMetrics() {
        Gauge.builder("tether_connections", gateway, Gateway::connections)
                .description("Open WebSocket connections").register(metrics);
        Gauge.builder("tether_replies_running", turns, TurnRunner::running)
                .description("Replies being generated now").register(metrics);
        Gauge.builder("tether_queue_waiting", turns, t -> t.stats().queuedInteractive()).tag("lane", "interactive")
                .description("Jobs waiting in the queue").register(metrics);
        Gauge.builder("tether_queue_waiting", turns, t -> t.stats().queuedBackground()).tag("lane", "background")
                .description("Jobs waiting in the queue").register(metrics);
        Gauge.builder("tether_queue_capacity", turns, t -> t.stats().capacity())
                .description("Open jobs allowed before senders are told to retry later").register(metrics);
        FunctionCounter.builder("tether_jobs_completed", turns, t -> t.stats().completed())
                .description("Jobs finished since the start").register(metrics);
        FunctionCounter.builder("tether_memory_watchdog_triggered", gateway, Gateway::watchdogTriggered)
                .description("Times the heap passed server.memory-high-water").register(metrics);
        FunctionCounter.builder("tether_memory_watchdog_closed", gateway, Gateway::watchdogClosed)
                .description("Idle connections closed by the memory watchdog").register(metrics);
        Gauge.builder("tether_recovered_interrupted_replies", recovery, r -> r.interruptedMessages())
                .description("Replies found cut off by an unclean stop at this start").register(metrics);
    }

    /**
     * Drains and stops: new messages are refused (WebSocket error {@code shutting_down}, HTTP 503), clients are
     * told to reconnect (1001), running replies get until {@code deadline} to finish, and replies still running
     * then are checkpointed (text stored as interrupted, queued again for the next start). Returns how many
     * replies were cut off.
     */
    public int close(Duration deadline) {
        int cut = turns.drain(deadline);
        gateway.close();
        javalin.stop();
        metrics.close();
        return cut;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
