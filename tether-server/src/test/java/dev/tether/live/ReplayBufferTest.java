package dev.tether.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Replay: all or nothing, bounded by age and bytes, deltas kept as compact runs and cut where a resume starts. */
class ReplayBufferTest {
    private static OutboundFrame delta(long seq, String text) {
        return OutboundFrame.text(Frames.DELTA, "c1", "e1", seq, seq, text);
    }

    private static OutboundFrame event(long seq, String type) {
        return new OutboundFrame("{\"type\":\"" + type + "\",\"seq\":" + seq + "}", "c1", "e1", seq, seq, "", "");
    }

    private static String text(List<OutboundFrame> frames) {
        StringBuilder b = new StringBuilder();
        frames.stream().filter(OutboundFrame::delta).forEach(f -> b.append(f.deltaText()));
        return b.toString();
    }

    @Test
    void consecutiveDeltasAreKeptAsOneRunAndAResumeInsideItGetsExactlyTheRest() {
        ReplayBuffer buffer = new ReplayBuffer(120_000, 1 << 20);
        buffer.add(event(1, "turn_started"), 0);
        for (int seq = 2; seq <= 101; seq++) {
            buffer.add(delta(seq, "t" + seq + " "), seq);
        }
        buffer.add(event(102, "turn_completed"), 200);
        assertThat(buffer.entries()).isEqualTo(3);

        List<OutboundFrame> fromMiddle = buffer.after(50, 102, 300).orElseThrow();
        assertThat(fromMiddle).hasSize(2);
        OutboundFrame rest = fromMiddle.getFirst();
        assertThat(rest.firstSeq()).isEqualTo(51);
        assertThat(rest.seq()).isEqualTo(101);
        StringBuilder expected = new StringBuilder();
        for (int seq = 51; seq <= 101; seq++) {
            expected.append("t").append(seq).append(' ');
        }
        assertThat(rest.deltaText()).isEqualTo(expected.toString());
        assertThat(rest.json()).isEqualTo(Frames.delta("c1", "e1", 51, 101, expected.toString()));
        assertThat(fromMiddle.getLast().seq()).isEqualTo(102);

        assertThat(text(buffer.after(0, 102, 300).orElseThrow())).startsWith("t2 t3 ").endsWith("t101 ");
        assertThat(buffer.after(1, 102, 300).orElseThrow().getFirst().firstSeq()).isEqualTo(2);
        assertThat(buffer.after(100, 102, 300).orElseThrow().getFirst().deltaText()).isEqualTo("t101 ");
        assertThat(buffer.after(101, 102, 300).orElseThrow()).extracting(OutboundFrame::seq).containsExactly(102L);
        assertThat(buffer.after(102, 102, 300)).contains(List.of());
    }

    @Test
    void thinkingAndTextAreKeptInRunsOfTheirOwnAndReplayedWithTheirTypes() {
        ReplayBuffer buffer = new ReplayBuffer(120_000, 1 << 20);
        for (int seq = 1; seq <= 4; seq++) {
            buffer.add(OutboundFrame.text(Frames.THINKING, "c1", "e1", seq, seq, "h" + seq + " "), seq);
        }
        buffer.add(delta(5, "Yes"), 5);
        buffer.add(delta(6, "."), 6);
        assertThat(buffer.entries()).isEqualTo(2);

        List<OutboundFrame> missed = buffer.after(2, 6, 10).orElseThrow();
        assertThat(missed).extracting(OutboundFrame::streamType).containsExactly(Frames.THINKING, Frames.DELTA);
        assertThat(missed.getFirst().json()).isEqualTo(Frames.text(Frames.THINKING, "c1", "e1", 3, 4, "h3 h4 "));
        assertThat(missed.getLast().json()).isEqualTo(Frames.delta("c1", "e1", 5, 6, "Yes."));
    }

    @Test
    void runsStopGrowingAtTheirBoundAndEveryPositionStaysReachable() {
        ReplayBuffer buffer = new ReplayBuffer(120_000, 1 << 20);
        int n = ReplayBuffer.MAX_RUN_POSITIONS * 2 + 7;
        for (int seq = 1; seq <= n; seq++) {
            buffer.add(delta(seq, "x"), seq);
        }
        assertThat(buffer.entries()).isEqualTo(3);
        for (long after : new long[] {0, 1, ReplayBuffer.MAX_RUN_POSITIONS - 1, ReplayBuffer.MAX_RUN_POSITIONS,
                ReplayBuffer.MAX_RUN_POSITIONS + 1, n - 1}) {
            List<OutboundFrame> missed = buffer.after(after, n, n).orElseThrow();
            assertThat(missed.getFirst().firstSeq()).isEqualTo(after + 1);
            assertThat(missed.getLast().seq()).isEqualTo(n);
            assertThat(text(missed)).hasSize((int) (n - after));
        }
    }

    @Test
    void aRunLeavesByItsNewestTokensAgeSoNothingLeavesBeforeTheWindowPassed() {
        ReplayBuffer buffer = new ReplayBuffer(1_000, 1 << 20);
        buffer.add(delta(1, "a"), 0);
        buffer.add(delta(2, "b"), 900);
        assertThat(buffer.after(0, 2, 1_500)).isPresent(); // token 1 is 1.5 s old, but shares a run with token 2
        assertThat(buffer.after(0, 2, 1_901)).isEmpty();
        assertThat(buffer.newestMillis()).isZero();
    }

    @Test
    void passingTheByteBoundDropsTheOldestAndThenAResumeFromBeforeItIsRefusedNotPartial() {
        ReplayBuffer buffer = new ReplayBuffer(120_000, 4096);
        buffer.add(event(1, "turn_started"), 0);
        for (int seq = 2; seq <= 1000; seq++) {
            buffer.add(delta(seq, "0123456789"), seq);
        }
        assertThat(buffer.bytes()).isLessThanOrEqualTo(4096);
        assertThat(buffer.after(0, 1000, 1000)).isEmpty();
        assertThat(buffer.after(995, 1000, 1000).map(ReplayBufferTest::text)).contains("0123456789".repeat(5));
    }

    @Test
    void aDeltaThatAlreadyCoversSeveralPositionsIsKeptWhole() {
        ReplayBuffer buffer = new ReplayBuffer(120_000, 1 << 20);
        OutboundFrame merged = delta(1, "a").merge(delta(2, "b"));
        buffer.add(merged, 0);
        buffer.add(delta(3, "c"), 1);
        assertThat(buffer.after(0, 3, 2)).map(ReplayBufferTest::text).isEqualTo(Optional.of("abc"));
        assertThat(buffer.after(2, 3, 2).orElseThrow()).extracting(OutboundFrame::deltaText).containsExactly("c");
        assertThat(buffer.after(1, 3, 2)).as("resuming inside a frame it cannot cut: a snapshot, not a repeat").isEmpty();
    }
}
