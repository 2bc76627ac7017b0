package dev.tether.faults.scenario;

import dev.tether.faults.check.Anomaly;
import dev.tether.faults.check.StoredMsg;
import dev.tether.faults.client.ChatClient;
import dev.tether.faults.history.History;
import dev.tether.faults.server.ServerUnderTest;
import dev.tether.testkit.model.FakeOpenAiServer;
import dev.tether.testkit.model.Script;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What scenarios share: the server under test, the fake model, the random source (seeded, so a run can be
 * repeated), the sizes for CI or soak, and the record of the scenario now running, to which new clients,
 * conversations, faults and failed expectations are attributed. Scenarios run one after another.
 */
public final class FaultRun {
    /** The default reply: about 1.8 s of streaming (24 chunks, 75 ms apart) with non-ASCII text and escapes. */
    public static final Script NORMAL_REPLY = Script.text(normalChunks()).chunkDelay(Duration.ofMillis(75));

    /**
     * The sizes of a run.
     *
     * @param soak the long mode: more rounds, more clients
     * @param heartbeat and {@code deadAfter}: what the server was configured with
     * @param clientSilence how long a client waits without any frame before it reconnects
     */
    public record Settings(boolean soak, long seed, Duration heartbeat, Duration deadAfter, Duration clientSilence,
                           Path workDir) { }

    /** How long the server may take to finish every reply once a scenario's faults are over. */
    private static final Duration SETTLE_SERVER = Duration.ofSeconds(60);
    /** How long running clients may take after that to have seen every finished reply. */
    private static final Duration SETTLE_CLIENTS = Duration.ofSeconds(30);

    private final Settings settings;
    private final ServerUnderTest server;
    private final FakeOpenAiServer model;
    private final Random random;
    private final List<ScenarioRecord> records = new ArrayList<>();
    private ScenarioRecord current;

    public FaultRun(Settings settings, ServerUnderTest server, FakeOpenAiServer model) {
        this.settings = settings;
        this.server = server;
        this.model = model;
        this.random = new Random(settings.seed());
    }

    private static String[] normalChunks() {
        String[] words = {"Tether ", "keeps ", "every ", "token: ", "naïve ", "café ", "日本語 ", "\"quoted\" ",
            "back\\slash ", "new\nline ", "emoji 🙂 ", "tab\there "};
        String[] chunks = new String[24];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = words[i % words.length] + i + " ";
        }
        return chunks;
    }

    /** Runs {@code scenario}, attributing everything it creates to its record. */
    public ScenarioRecord run(Scenario scenario) {
        current = new ScenarioRecord(scenario);
        records.add(current);
        long start = System.nanoTime();
        System.out.printf("faults: %-14s %s%n", scenario.name(), scenario.description());
        try {
            scenario.run(this);
        } catch (Exception | AssertionError e) {
            anomaly("the scenario itself failed: " + e);
            e.printStackTrace();
        } finally {
            if (server.alive() && !current.settled) {
                settle();
            }
            current.clients.forEach(ChatClient::close);
            current.durationMillis = (System.nanoTime() - start) / 1_000_000;
            model.defaultScript(NORMAL_REPLY);
            if (!server.alive()) {
                anomaly("the server (pid " + server.pid() + ") died during this scenario; see " + server.currentLog());
                server.restart(Duration.ofSeconds(60));
            }
        }
        System.out.printf("faults: %-14s done in %.1f s: %d faults injected, %d clients, %d failed expectations%n",
                scenario.name(), current.durationMillis / 1000.0, current.faults(), current.clientCount(),
                current.anomalies.size());
        return current;
    }

    /**
     * The end of a scenario, once its faults are over: waits until the server has finished every reply of the
     * scenario's conversations (each user message has a final reply, nothing streams), then until every client
     * still running has seen each of those replies. What a client shows after that is its final view, which the
     * checker compares with the store; a client that does not catch up is reported there. Runs once per scenario:
     * at its end, or earlier if the scenario calls it before taking its own means of connecting away (a proxy).
     */
    public void settle() {
        current.settled = true;
        Map<String, Set<Long>> finals = new HashMap<>();
        // each look reads every message of the scenario's conversations over REST: look a few times a second
        boolean finished = poll(SETTLE_SERVER, Duration.ofMillis(250), () -> {
            finals.clear();
            for (String conversation : current.conversations) {
                List<StoredMsg> messages = server.messages(conversation);
                Set<Long> answered = new HashSet<>();
                Set<Long> replies = new HashSet<>();
                for (StoredMsg m : messages) {
                    if (m.assistant() && m.status().equals("streaming")) {
                        return false;
                    }
                    if (m.finalReply()) {
                        answered.add(m.replyTo());
                        replies.add(m.id());
                    }
                }
                if (messages.stream().anyMatch(m -> m.user() && !answered.contains(m.id()))) {
                    return false;
                }
                finals.put(conversation, replies);
            }
            return true;
        });
        if (!finished) {
            anomaly("the server had not finished the replies of this scenario's conversations "
                    + SETTLE_SERVER.toSeconds() + " s after its faults ended (see NO_REPLY in the check)");
            return;
        }
        long deadline = System.nanoTime() + SETTLE_CLIENTS.toNanos();
        List<String> behind = new ArrayList<>();
        for (ChatClient c : current.clients) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (c.running() && !c.awaitCaughtUp(finals, left)) {
                behind.add(c.name());
            }
        }
        if (!behind.isEmpty()) {
            note(behind.size() + " clients had not seen every finished reply " + SETTLE_CLIENTS.toSeconds()
                    + " s after the server finished (see MISSING_IN_VIEW): " + behind.stream().limit(10).toList());
        }
    }

    public List<ScenarioRecord> records() {
        return List.copyOf(records);
    }

    public Settings settings() {
        return settings;
    }

    public boolean soak() {
        return settings.soak();
    }

    /** {@code ci} normally, {@code soak} in the long mode. */
    public int size(int ci, int soak) {
        return settings.soak() ? soak : ci;
    }

    public ServerUnderTest server() {
        return server;
    }

    public FakeOpenAiServer model() {
        return model;
    }

    public Random random() {
        return random;
    }

    /** A random duration between {@code minMillis} and {@code maxMillis}. */
    public Duration between(long minMillis, long maxMillis) {
        synchronized (random) {
            return Duration.ofMillis(minMillis + (long) (random.nextDouble() * (maxMillis - minMillis)));
        }
    }

    /** A new conversation of the current scenario. */
    public String conversation() {
        String id = server.createConversation(current.name());
        current.conversations.add(id);
        return id;
    }

    /** A new chat client of the current scenario, connecting to the server directly. */
    public ChatClient client(String name) {
        return client(name, server::address);
    }

    /** A new chat client of the current scenario, connecting to whatever {@code address} says. */
    public ChatClient client(String name, Supplier<InetSocketAddress> address) {
        ChatClient c = ChatClient.start(clientSettings(name, address), new History(current.name() + "/" + name));
        current.clients.add(c);
        return c;
    }

    public ChatClient.Settings clientSettings(String name, Supplier<InetSocketAddress> address) {
        return new ChatClient.Settings(name, address, settings.clientSilence(), Duration.ofMillis(100),
                Duration.ofSeconds(2), Duration.ofSeconds(3), 0);
    }

    /** A history recorded elsewhere (another process) that belongs to the current scenario. */
    public void history(History h) {
        current.extraHistories.add(h);
    }

    /** Keeps {@code client}'s history so far in the run's directory (for a failed expectation's reader). */
    public void keepHistory(ChatClient client) {
        Path file = settings.workDir().resolve("histories").resolve(client.history().client().replace('/', '_') + ".jsonl");
        client.history().writeTo(file);
        note("history of " + client.name() + " kept in " + file);
    }

    public void fault() {
        current.faults.incrementAndGet();
    }

    public void deadPeer(Duration detectedAfter) {
        current.deadPeerMillis.add(detectedAfter.toNanos() / 1e6);
    }

    /** A failed expectation of the scenario itself (a wrong close code, a reply that never came). */
    public void anomaly(String detail) {
        current.anomalies.add(new Anomaly(Anomaly.Kind.SCENARIO, current.name(), "", 0, detail));
        System.out.println("faults:   ! " + detail);
    }

    public void note(String text) {
        current.notes.add(text);
        System.out.println("faults:   " + text);
    }

    /** Waits for a condition, polling every 20 ms; false when {@code timeout} passed first. */
    public static boolean poll(Duration timeout, Supplier<Boolean> condition) {
        return poll(timeout, Duration.ofMillis(20), condition);
    }

    /** Waits for a condition, looking every {@code interval}; false when {@code timeout} passed first. */
    public static boolean poll(Duration timeout, Duration interval, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(interval);
        }
        return true;
    }

    /** Waits on purpose: the random delay that places a fault. Not used to wait for an outcome. */
    public static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
