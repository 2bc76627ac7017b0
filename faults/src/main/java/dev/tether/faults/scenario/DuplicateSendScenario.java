package dev.tether.faults.scenario;

import dev.tether.faults.client.ChatClient;
import java.time.Duration;

/**
 * Duplicate sends: the same message (same client message id) sent twice back to back on one connection, and a
 * message whose connection is killed within milliseconds of sending (before its ack), so the client re-sends it
 * after reconnecting. Each must be stored once and answered once.
 */
public final class DuplicateSendScenario implements Scenario {
    @Override
    public String name() {
        return "duplicate-send";
    }

    @Override
    public String description() {
        return "the same message sent twice, and re-sent across a dropped connection";
    }

    @Override
    public void run(FaultRun run) {
        int rounds = run.size(6, 30);
        String conversation = run.conversation();
        ChatClient c = run.client("dup");
        c.follow(conversation);
        if (!c.awaitLive(Duration.ofSeconds(10))) {
            run.anomaly("the client did not get live within 10 s");
            return;
        }
        for (int r = 0; r < rounds; r++) {
            String text = "duplicate round " + r;
            String cid = c.send(conversation, text);
            if (r % 2 == 0) {
                // the same send again, with another request id: must be acknowledged as the same message
                c.sendRaw("{\"type\":\"send\",\"id\":\"s:" + cid + ":again\",\"conversation\":\"" + conversation
                        + "\",\"clientMessageId\":\"" + cid + "\",\"text\":\"" + text + "\"}");
            } else {
                FaultRun.pause(run.between(0, 15));
                c.kill("right after sending " + cid + ", before its ack");
            }
            run.fault();
            if (c.awaitAck(cid, Duration.ofSeconds(10)).isEmpty()) {
                run.anomaly(cid + " was not acknowledged within 10 s");
            }
            if (!c.awaitReply(cid, Duration.ofSeconds(15))) {
                run.anomaly("the reply to " + cid + " did not finish within 15 s");
            }
        }
    }
}
