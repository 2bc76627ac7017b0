package dev.tether.faults.scenario;

import dev.tether.faults.client.ChatClient;
import java.time.Duration;

/**
 * Several tabs on one conversation: one sends; while the reply streams, one tab is killed for good and a new
 * tab joins (first subscribe, so it gets a snapshot with the in-flight text). Every tab still open must render
 * exactly the stored reply, and no tab may disturb another.
 */
public final class TabsScenario implements Scenario {
    @Override
    public String name() {
        return "tabs";
    }

    @Override
    public String description() {
        return "several tabs; one killed and one joining mid-reply";
    }

    @Override
    public void run(FaultRun run) {
        int rounds = run.size(4, 20);
        String conversation = run.conversation();
        ChatClient sender = run.client("tab-sender");
        ChatClient watcher = run.client("tab-watcher");
        sender.follow(conversation);
        watcher.follow(conversation);
        ChatClient doomed = run.client("tab-doomed0");
        doomed.follow(conversation);
        for (int r = 0; r < rounds; r++) {
            if (!sender.awaitLive(Duration.ofSeconds(10)) || !doomed.awaitLive(Duration.ofSeconds(10))) {
                run.anomaly("round " + r + ": tabs did not get live within 10 s");
            }
            String cid = sender.send(conversation, "tabs round " + r);
            if (!doomed.awaitStreaming(conversation, Duration.ofSeconds(10))) {
                run.anomaly("round " + r + ": no reply started within 10 s for " + cid);
            }
            FaultRun.pause(run.between(50, 1200));
            doomed.killForGood("tab killed mid-reply, round " + r);
            ChatClient joiner = run.client("tab-joiner" + r);
            joiner.follow(conversation);
            run.fault();
            run.fault();
            long id = sender.awaitAck(cid, Duration.ofSeconds(10)).orElse(-1L);
            if (!sender.awaitReply(cid, Duration.ofSeconds(15)) || !watcher.awaitReplyTo(id, Duration.ofSeconds(5))
                    || !joiner.awaitReplyTo(id, Duration.ofSeconds(5))) {
                run.anomaly("round " + r + ": not every tab saw the reply to " + cid + " finish within 15 s");
            }
            doomed = joiner;
        }
    }
}
