package dev.tether.server;

import dev.tether.agent.Agent;
import dev.tether.agent.AgentSettings;
import dev.tether.agent.ToolRegistry;
import dev.tether.api.model.ModelSettings;
import dev.tether.config.ConfigLoader;
import dev.tether.config.QueueConfig;
import dev.tether.config.ServerConfig;
import dev.tether.config.TetherConfig;
import dev.tether.gateway.Authenticator;
import dev.tether.gateway.Gateway;
import dev.tether.model.openai.OpenAiModelProvider;
import dev.tether.store.AccessStore;
import dev.tether.store.ConversationStore;
import dev.tether.store.JobStore;
import dev.tether.store.sqlite.SqliteConversationStore;
import dev.tether.testkit.model.FakeOpenAiServer;
import dev.tether.tools.BuiltinTools;
import dev.tether.workspace.Workspace;
import dev.tether.workspace.Workspaces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A real server (Javalin, SQLite, the OpenAI adapter, the file tools) on an ephemeral loopback port, with a
 * fake OpenAI-compatible model on loopback: what the gateway, HTTP and browser tests talk to.
 */
public class TestServer implements AutoCloseable {
    public final FakeOpenAiServer model = FakeOpenAiServer.start();
    public final ConversationStore store;
    public final TetherServer server;
    public final ServerConfig config;
    public final QueueConfig queue;
    /** The operator's workspace (users "local", "owner" and "cli"). */
    public final Workspace workspace;
    /** Every user's workspace, as {@code tether serve} has them: other users' under {@code users/}. */
    public final Workspaces workspaces;

    public TestServer(Path dir, String... serverOverrides) {
        this(dir, Authenticator.none(), serverOverrides);
    }

    public TestServer(Path dir, Authenticator auth, String... serverOverrides) {
        this(dir, auth, Duration.ofSeconds(1), serverOverrides);
    }

    /**
     * @param checkpoint how often replies in progress are saved
     * @param serverOverrides keys of the {@code server} config section, e.g. {@code "heartbeat=1s"}, or of the
     *     {@code queue} section with their prefix, e.g. {@code "queue.retry-delay=100ms"}
     */
    public TestServer(Path dir, Authenticator auth, Duration checkpoint, String... serverOverrides) {
        this(dir, auth, checkpoint, Gateway.JVM_HEAP, serverOverrides);
    }

    /** @param heapFullness what the memory watchdog reads as the heap's fullness (0..1) */
    public TestServer(Path dir, Authenticator auth, Duration checkpoint, DoubleSupplier heapFullness,
                      String... serverOverrides) {
        this(dir, auth, checkpoint, heapFullness, m -> { }, serverOverrides);
    }

    /** @param modelSetup scripts the fake model before the server starts (recovered replies run at once) */
    public static TestServer withModel(Path dir, Consumer<FakeOpenAiServer> modelSetup,
                                       String... serverOverrides) {
        return new TestServer(dir, Authenticator.none(), Duration.ofSeconds(1), Gateway.JVM_HEAP, modelSetup,
                serverOverrides);
    }

    /**
     * Signs in with the access tokens of its own store, as {@code tether serve} does with {@code auth = "token"}:
     * create users and tokens with {@link #access()}.
     */
    public static TestServer withStoreTokens(Path dir, String... serverOverrides) {
        return new TestServer(TestServer::storeTokens, dir, serverOverrides);
    }

    /** With the store's access tokens, and {@code jobs} wrapping the job store the server's queue uses. */
    public static TestServer withStoreTokens(Path dir, UnaryOperator<JobStore> jobs,
                                             String... serverOverrides) {
        return new TestServer(TestServer::storeTokens, dir, Duration.ofSeconds(1), Gateway.JVM_HEAP, m -> { }, jobs,
                serverOverrides);
    }

    /** @param auth makes the authenticator from the server's store once it is open */
    protected TestServer(Function<ConversationStore, Authenticator> auth, Path dir, String... serverOverrides) {
        this(auth, dir, Duration.ofSeconds(1), Gateway.JVM_HEAP, m -> { }, j -> j, serverOverrides);
    }

    /** The store's access tokens, as {@code tether serve} signs clients in. */
    protected static Authenticator storeTokens(ConversationStore store) {
        return Authenticator.tokens((AccessStore) store);
    }

    /** @param jobs wraps the job store the server's queue uses (to hold a write back, say) */
    public static TestServer withJobStore(Path dir, UnaryOperator<JobStore> jobs,
                                          String... serverOverrides) {
        return new TestServer(dir, Authenticator.none(), Duration.ofSeconds(1), Gateway.JVM_HEAP, m -> { }, jobs,
                serverOverrides);
    }

    private TestServer(Path dir, Authenticator auth, Duration checkpoint, DoubleSupplier heapFullness,
                       Consumer<FakeOpenAiServer> modelSetup, String... serverOverrides) {
        this(dir, auth, checkpoint, heapFullness, modelSetup, j -> j, serverOverrides);
    }

    private TestServer(Path dir, Authenticator auth, Duration checkpoint, DoubleSupplier heapFullness,
                       Consumer<FakeOpenAiServer> modelSetup,
                       UnaryOperator<JobStore> jobs, String... serverOverrides) {
        this(store -> auth, dir, checkpoint, heapFullness, modelSetup, jobs, serverOverrides);
    }

    private TestServer(Function<ConversationStore, Authenticator> auth, Path dir, Duration checkpoint,
                       DoubleSupplier heapFullness, Consumer<FakeOpenAiServer> modelSetup,
                       UnaryOperator<JobStore> jobs, String... serverOverrides) {
        modelSetup.accept(model);
        List<String> overrides = new ArrayList<>(List.of("server.port=0"));
        for (String o : serverOverrides) {
            overrides.add(o.startsWith("queue.") ? o : "server." + o);
        }
        TetherConfig all = ConfigLoader.load(dir, dir.resolve("none.json"), n -> null, overrides);
        config = all.server();
        queue = all.queue();
        workspace = new Workspace(dir.resolve("workspace"));
        workspace.initialise();
        workspaces = Workspaces.perUser(workspace, dir.resolve("users"));
        store = SqliteConversationStore.open(dir.resolve("tether.db"));
        var chat = new OpenAiModelProvider().create(ModelSettings.of(model.baseUrl(), model.model()));
        Agent agent = new Agent(new Agent.Parts(new AgentSettings(5, 16_000, 0, checkpoint, 0), store, chat,
                new ToolRegistry(BuiltinTools.fileTools(), List.of()), workspaces, Optional.empty()));
        server = TetherServer.start(new TetherServer.Parts(config, queue, store, jobs.apply((JobStore) store), agent,
                auth.apply(store), Map.of(), heapFullness));
    }

    /** The store's users and access tokens. */
    public AccessStore access() {
        return (AccessStore) store;
    }

    public int port() {
        return server.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Creates a conversation owned by {@code owner}; returns its id. */
    public String conversation(String owner) {
        return store.createConversation(owner, "test").id();
    }

    @Override
    public void close() {
        server.close(Duration.ofSeconds(2));
        store.close();
        model.close();
    }
}
