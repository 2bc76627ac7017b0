package dev.tether.faults.scenario;

import dev.tether.faults.client.ChatClient;
import dev.tether.faults.frozen.FrozenClientProcess;
import dev.tether.faults.history.Entry;
import dev.tether.faults.history.History;
import dev.tether.testkit.model.Script;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * A frozen client: a client process (small receive buffer) is stopped with SIGSTOP while a long reply streams
 * to it, so it reads nothing and the server's bounded outgoing queue fills; the server must close it as a slow
 * consumer (4009) while every other client carries on. After SIGCONT it reconnects, resumes or gets a snapshot,
 * and what it renders must still equal the store.
 */
public final class FrozenClientScenario implements Scenario {
    /**
     * About 6 MB in about 3 s: past the loopback socket buffers (the server's send buffer grows to 4 MB here) plus
     * the server's 64 KiB bound in the suite, well before the frozen client's silence reaches dead-after.
     */
    private static final Script FLOOD = Script.text(flood()).chunkDelay(Duration.ofMillis(1));

    @Override
    public String name() {
        return "frozen-client";
    }

    @Override
    public String description() {
        return "a client process frozen (SIGSTOP) mid-reply against the slow-consumer bound, then thawed";
    }

    private static String[] flood() {
        String[] chunks = new String[3000];
        char[] line = new char[2000];
        for (int i = 0; i < chunks.length; i++) {
            Arrays.fill(line, (char) ('a' + i % 26));
            chunks[i] = i + ":" + new String(line) + "\n";
        }
        return chunks;
    }

    @Override
    public void run(FaultRun run) throws Exception {
        for (int r = 0; r < run.size(1, 3); r++) {
            round(run, r);
        }
    }

    private static void round(FaultRun run, int r) {
        String conversation = run.conversation();
        ChatClient driver = run.client("frozen-driver" + r);
        driver.follow(conversation);
        Path file = run.settings().workDir().resolve("frozen-" + r + ".jsonl");
        FrozenClientProcess frozen = FrozenClientProcess.start(Path.of(System.getProperty("java.home"), "bin", "java"),
                run.server().port(), conversation, file, 4096, run.settings().clientSilence(),
                run.settings().workDir().resolve("frozen-" + r + ".log"));
        try {
            frozen.awaitLive(Duration.ofSeconds(20));
            if (!driver.awaitLive(Duration.ofSeconds(10))) {
                run.anomaly("the driver did not get live within 10 s");
            }
            int before = run.server().readyConnections();
            frozen.freeze();
            long frozenAt = System.nanoTime();
            run.fault();
            run.model().defaultScript(FLOOD);
            String cid = driver.send(conversation, "flood the frozen client " + r);
            if (!driver.awaitReply(cid, Duration.ofSeconds(40))) {
                run.anomaly("the 6 MB reply to " + cid + " did not finish within 40 s for the driver");
            }
            run.model().defaultScript(FaultRun.NORMAL_REPLY);
            run.note(String.format("round %d: the flood ended %.1f s after SIGSTOP; %d connections open (%d before)",
                    r, (System.nanoTime() - frozenAt) / 1e9, run.server().readyConnections(), before));
            // thawed at once: a close frame the server queued is still behind the data, not yet cut off
            frozen.thaw();
            int live = frozen.awaitLive(Duration.ofSeconds(30));
            String last = driver.send(conversation, "after the thaw " + r);
            if (!driver.awaitReply(last, Duration.ofSeconds(15))) {
                run.anomaly("the reply to " + last + " did not finish within 15 s");
            }
            if (!FaultRun.poll(Duration.ofSeconds(15), () -> History.read("frozen", file).entries().stream()
                    .anyMatch(e -> e.connection() >= live && e.kind() == Entry.Kind.RECV
                            && e.text().contains("\"turn_completed\"")))) {
                run.anomaly("the thawed client did not see the reply to " + last + " within 15 s");
            }
        } finally {
            History h = frozen.finish(Duration.ofSeconds(10));
            run.history(h);
            int code = h.entries().stream().filter(e -> e.connection() == 1 && e.kind() == Entry.Kind.CLOSED)
                    .mapToInt(Entry::code).findFirst().orElse(0);
            run.note("round " + r + ": the frozen client's first connection ended with close code " + code);
            if (code != 4009) {
                run.anomaly("round " + r + ": the frozen client's first connection ended with " + code
                        + ", expected 4009 (slow consumer); its history: " + file);
            }
        }
    }
}
