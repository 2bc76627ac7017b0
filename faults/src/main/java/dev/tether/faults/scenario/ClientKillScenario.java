package dev.tether.faults.scenario;

import dev.tether.faults.client.ChatClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients killed mid-reply (TCP reset, no close frame) and back after their backoff: each of several clients,
 * in its own conversation, sends a message, is killed at a random point of the reply, sends its next message at
 * once (it goes out when the connection is back), and must get both replies in full. Measures how long a killed
 * client takes to have its next message acknowledged (promise 5: within 1 s).
 */
public final class ClientKillScenario implements Scenario {
    @Override
    public String name() {
        return "client-kill";
    }

    @Override
    public String description() {
        return "clients killed mid-reply, then back and sending again";
    }

    @Override
    public void run(FaultRun run) throws Exception {
        int clients = run.size(4, 8);
        int rounds = run.size(5, 25);
        List<Thread> workers = new ArrayList<>();
        List<Double> ackAfterKill = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < clients; i++) {
            String conversation = run.conversation();
            ChatClient c = run.client("killed" + i);
            c.follow(conversation);
            workers.add(Thread.ofVirtual().start(() -> rounds(run, c, conversation, rounds, ackAfterKill)));
        }
        for (Thread t : workers) {
            t.join();
        }
        double max = ackAfterKill.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        run.note(String.format("a killed client's next message was acknowledged within %.0f ms at most (%d kills)",
                max, ackAfterKill.size()));
        if (max > 1000) {
            run.anomaly(String.format("a killed client needed %.0f ms to have its next message acknowledged "
                    + "(promise 5: within 1 s)", max));
        }
    }

    private static void rounds(FaultRun run, ChatClient c, String conversation, int rounds, List<Double> ackAfterKill) {
        if (!c.awaitLive(Duration.ofSeconds(10))) {
            run.anomaly(c.name() + " did not get live within 10 s");
            return;
        }
        String pending = c.send(conversation, "first message of " + c.name());
        for (int r = 0; r < rounds; r++) {
            if (!c.awaitStreaming(conversation, Duration.ofSeconds(10))) {
                run.anomaly(c.name() + ": no reply started within 10 s of sending " + pending);
            }
            FaultRun.pause(run.between(50, 1500));
            c.kill("mid-reply, round " + r);
            long killed = System.nanoTime();
            run.fault();
            String next = c.send(conversation, "message " + r + " after a kill");
            if (c.awaitAck(next, Duration.ofSeconds(10)).isEmpty()) {
                run.anomaly(c.name() + ": " + next + " not acknowledged within 10 s after the kill");
            } else {
                ackAfterKill.add((System.nanoTime() - killed) / 1e6);
            }
            if (!c.awaitReply(pending, Duration.ofSeconds(15))) {
                run.anomaly(c.name() + ": the reply to " + pending + " did not finish within 15 s after the kill");
            }
            pending = next;
        }
        if (!c.awaitReply(pending, Duration.ofSeconds(15))) {
            run.anomaly(c.name() + ": the reply to " + pending + " did not finish within 15 s");
        }
    }
}
