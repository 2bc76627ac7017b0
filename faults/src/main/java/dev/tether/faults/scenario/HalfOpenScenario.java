package dev.tether.faults.scenario;

import dev.tether.faults.client.ChatClient;
import dev.tether.faults.proxy.BlackholeProxy;
import java.time.Duration;
import java.util.List;

/**
 * Half-open connections: clients talk to the server through a {@link BlackholeProxy}; mid-reply the proxy
 * silently drops everything on the live links in both directions, keeping the sockets open. The server must
 * close its side (4010) after {@code dead-after}; the client must notice the missing pings after its silence
 * limit, reconnect (through the proxy, which passes new links) and resume without loss. Both detection times
 * are measured from the moment of the black hole.
 */
public final class HalfOpenScenario implements Scenario {
    @Override
    public String name() {
        return "half-open";
    }

    @Override
    public String description() {
        return "a proxy black-holes live links mid-reply (both directions, sockets kept open)";
    }

    @Override
    public void run(FaultRun run) {
        int rounds = run.size(2, 6);
        try (BlackholeProxy proxy = BlackholeProxy.start(run.server().address())) {
            String conversation = run.conversation();
            ChatClient c = run.client("half-open", proxy::address);
            c.follow(conversation);
            for (int r = 0; r < rounds; r++) {
                round(run, proxy, c, conversation, r);
            }
            run.settle(); // while the client can still reach the server through the proxy
        }
    }

    private static void round(FaultRun run, BlackholeProxy proxy, ChatClient c, String conversation, int r) {
        if (!c.awaitLive(Duration.ofSeconds(15))) {
            run.anomaly("round " + r + ": the client did not get live within 15 s");
            return;
        }
        String cid = c.send(conversation, "half-open round " + r);
        if (!c.awaitStreaming(conversation, Duration.ofSeconds(10))) {
            run.anomaly("round " + r + ": no reply started within 10 s for " + cid);
        }
        FaultRun.pause(run.between(100, 800));
        int connectionsBefore = c.connections();
        List<BlackholeProxy.Link> links = proxy.blackhole();
        run.fault();
        Duration bound = run.settings().deadAfter().plus(run.settings().clientSilence()).plusSeconds(10);
        boolean detected = FaultRun.poll(bound, () -> links.stream().allMatch(l -> l.serverCloseFrameAt() != 0
                || l.serverEndedAt() != 0) && links.stream().allMatch(l -> l.clientEndedAt() != 0));
        for (BlackholeProxy.Link l : links) {
            long server = l.serverCloseFrameAt() != 0 ? l.serverCloseFrameAt() : l.serverEndedAt();
            if (server != 0) {
                run.deadPeer(Duration.ofNanos(server - l.blackholedAt()));
                run.note(String.format("round %d: server closed the half-open link after %.2f s (close code %d)", r,
                        (server - l.blackholedAt()) / 1e9, l.serverCloseCode()));
                if (l.serverCloseCode() != 4010) {
                    run.anomaly("round " + r + ": the server closed a half-open link with " + l.serverCloseCode()
                            + ", expected 4010 (no sign of life)");
                }
            }
            if (l.clientEndedAt() != 0) {
                run.deadPeer(Duration.ofNanos(l.clientEndedAt() - l.blackholedAt()));
                run.note(String.format("round %d: client gave up the half-open link after %.2f s", r,
                        (l.clientEndedAt() - l.blackholedAt()) / 1e9));
            }
        }
        if (!detected) {
            run.anomaly("round " + r + ": a half-open link was not detected by both ends within " + bound);
        }
        if (!FaultRun.poll(Duration.ofSeconds(15), () -> c.connections() > connectionsBefore && c.awaitLive(Duration.ZERO))) {
            run.anomaly("round " + r + ": the client did not reconnect and resume within 15 s of detecting it");
        }
        if (!c.awaitReply(cid, Duration.ofSeconds(15))) {
            run.anomaly("round " + r + ": the reply to " + cid + " did not finish within 15 s");
        }
    }
}
