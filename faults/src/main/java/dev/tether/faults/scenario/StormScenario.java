package dev.tether.faults.scenario;

import dev.tether.faults.client.ChatClient;
import dev.tether.faults.history.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A reconnect storm: thousands of clients follow a few busy conversations; then every one of them loses its
 * connection at the same moment, first by each client dropping its socket (they resume: replay), then by a
 * kill -9 of the server (they get "cannot resume" and a snapshot from the restarted server). All must be live
 * again within the bound, and every history must check out.
 */
public final class StormScenario implements Scenario {
    private static final Duration ALL_LIVE = Duration.ofSeconds(120);

    @Override
    public String name() {
        return "reconnect-storm";
    }

    @Override
    public String description() {
        return "thousands of clients of busy conversations all reconnecting at once (client drop, then server kill -9)";
    }

    @Override
    public void run(FaultRun run) throws Exception {
        int followers = run.size(2000, 5000);
        int conversationCount = 20;
        AtomicBoolean chatting = new AtomicBoolean(true);
        List<String> conversations = new ArrayList<>();
        List<Thread> chatters = new ArrayList<>();
        for (int i = 0; i < conversationCount; i++) {
            String conversation = run.conversation();
            conversations.add(conversation);
            ChatClient c = run.client("storm-chatter" + i);
            c.follow(conversation);
            chatters.add(Thread.ofVirtual().start(() -> chat(c, conversation, chatting)));
        }
        List<ChatClient> crowd = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < followers; i++) {
            ChatClient c = run.client("storm" + i);
            c.follow(conversations.get(i % conversationCount));
            crowd.add(c);
        }
        allLive(run, crowd, "connecting " + followers + " clients", t0, null);

        int[] before = crowd.stream().mapToInt(ChatClient::connections).toArray();
        t0 = System.nanoTime();
        crowd.forEach(c -> c.kill("storm: every client drops at once"));
        crowd.forEach(c -> run.fault());
        allLive(run, crowd, "all " + followers + " clients dropping their sockets at once", t0, before);

        before = crowd.stream().mapToInt(ChatClient::connections).toArray();
        t0 = System.nanoTime();
        run.server().killHard();
        run.fault();
        run.server().restart(Duration.ofSeconds(60));
        allLive(run, crowd, "kill -9 of the server under " + followers + " clients", t0, before);

        chatting.set(false);
        for (Thread t : chatters) {
            t.join(Duration.ofSeconds(20));
        }
    }

    /** Waits until every client is on a newer connection than {@code before} (if given) and live on it. */
    private static void allLive(FaultRun run, List<ChatClient> crowd, String what, long t0, int[] before) {
        boolean ok = FaultRun.poll(ALL_LIVE, () -> {
            for (int i = 0; i < crowd.size(); i++) {
                ChatClient c = crowd.get(i);
                if ((before != null && c.connections() <= before[i]) || !c.awaitLive(Duration.ZERO)) {
                    return false;
                }
            }
            return true;
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (ok) {
            run.note(String.format("%s: all live again after %.1f s", what, seconds));
        } else {
            List<ChatClient> stuck = crowd.stream().filter(c -> !c.awaitLive(Duration.ZERO)).toList();
            long notLive = stuck.size();
            stuck.stream().limit(3).forEach(run::keepHistory);
            java.nio.file.Path dump = run.settings().workDir().resolve("storm-stall-threads.json");
            if (run.server().dumpThreads(dump)) {
                run.note("the server's threads at the stall: " + dump);
            }
            run.anomaly(String.format("%s: %d clients still not live after %.0f s", what, notLive, seconds));
        }
    }

    private static void chat(ChatClient c, String conversation, AtomicBoolean chatting) {
        c.awaitLive(Duration.ofSeconds(30));
        int n = 0;
        while (chatting.get()) {
            String cid = c.send(conversation, "storm message " + (n++));
            if (!c.awaitReply(cid, Duration.ofSeconds(10))) {
                c.history().add(c.connections(), Entry.Kind.NOTE, "gave up waiting for the reply to " + cid, 0);
            }
        }
    }
}
