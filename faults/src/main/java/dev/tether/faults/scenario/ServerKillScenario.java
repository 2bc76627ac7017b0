package dev.tether.faults.scenario;

import dev.tether.faults.client.ChatClient;
import dev.tether.faults.history.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server killed with SIGKILL again and again at random points, mostly mid-reply, and restarted on the same
 * home and port. Chat clients keep chatting through it (one message in flight per conversation; a reply that
 * does not come within {@link #REPLY_WAIT} is given up on and the next message sent). Promise 8: no
 * acknowledged message is lost; a reply cut off is marked interrupted and, having run no tool, run again (or,
 * after {@code ReplyRecovery.MAX_RESTARTS} restarts, closed with a failed note the user can retry), so every
 * acknowledged message ends with exactly one final reply, which every client still running then sees.
 */
public final class ServerKillScenario implements Scenario {
    private static final Duration REPLY_WAIT = Duration.ofSeconds(8);

    @Override
    public String name() {
        return "server-kill";
    }

    @Override
    public String description() {
        return "the server killed with kill -9 at random points (mostly mid-reply) and restarted";
    }

    @Override
    public void run(FaultRun run) throws Exception {
        int kills = run.size(20, 100);
        AtomicBoolean chatting = new AtomicBoolean(true);
        List<ChatClient> clients = new ArrayList<>();
        List<String> conversations = new ArrayList<>();
        List<Thread> chatters = new ArrayList<>();
        for (int i = 0; i < run.size(4, 6); i++) {
            String conversation = run.conversation();
            ChatClient c = run.client("chatter" + i);
            c.follow(conversation);
            clients.add(c);
            conversations.add(conversation);
            chatters.add(Thread.ofVirtual().start(() -> chat(c, conversation, chatting)));
        }
        List<Double> restarts = new ArrayList<>();
        for (int k = 0; k < kills; k++) {
            boolean midReply = FaultRun.poll(Duration.ofSeconds(3),
                    () -> clients.stream().anyMatch(c -> c.streaming(conversations.get(clients.indexOf(c)))));
            FaultRun.pause(run.between(0, midReply ? 900 : 300));
            long t0 = System.nanoTime();
            run.server().killHard();
            run.fault();
            run.server().restart(Duration.ofSeconds(60));
            restarts.add((System.nanoTime() - t0) / 1e6);
        }
        chatting.set(false);
        for (Thread t : chatters) {
            t.join(REPLY_WAIT.plusSeconds(10));
        }
        run.note(String.format("%d kills; restart to ready took %.0f ms at most", kills,
                restarts.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        long gaveUp = clients.stream().flatMap(c -> c.history().entries().stream())
                .filter(e -> e.kind() == Entry.Kind.NOTE && e.text().startsWith("gave up")).count();
        // A reply cut off again and again cannot finish while the kills go on; what is promised is that every
        // acknowledged message still gets its one final reply afterwards (checked when the scenario settles).
        run.note(gaveUp + " replies were not seen within " + REPLY_WAIT.toSeconds() + " s of their message while"
                + " the kills went on (their chatter moved on; every reply must still finish afterwards)");
    }

    /** Sends, waits for the reply (bounded), sends the next, until told to stop; then waits for the last reply. */
    private static void chat(ChatClient c, String conversation, AtomicBoolean chatting) {
        c.awaitLive(Duration.ofSeconds(10));
        int n = 0;
        while (chatting.get()) {
            String cid = c.send(conversation, "message " + (n++) + " while the server is being killed");
            if (!c.awaitReply(cid, REPLY_WAIT)) {
                c.history().add(c.connections(), Entry.Kind.NOTE, "gave up waiting for the reply to " + cid
                        + " after " + REPLY_WAIT.toSeconds() + " s", 0);
            }
        }
    }
}
