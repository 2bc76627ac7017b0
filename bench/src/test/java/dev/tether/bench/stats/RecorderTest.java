package dev.tether.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecorderTest {

    @Test
    void percentilesAreNearestRank() {
        Recorder r = new Recorder();
        for (int v = 100; v >= 1; v--) {
            r.record(v);
        }
        assertThat(r.percentile(50)).isEqualTo(50);
        assertThat(r.percentile(99)).isEqualTo(99);
        assertThat(r.percentile(99.9)).isEqualTo(100);
        assertThat(r.percentile(100)).isEqualTo(100);
        assertThat(r.percentile(0.1)).isEqualTo(1);
        assertThat(r.min()).isEqualTo(1);
        assertThat(r.mean()).isEqualTo(50.5);
    }

    @Test
    void oneValueIsEveryPercentile() {
        Recorder r = new Recorder();
        r.record(7);
        assertThat(r.percentile(0.001)).isEqualTo(7);
        assertThat(r.percentile(99.99)).isEqualTo(7);
    }

    @Test
    void emptyRecorderAnswersZero() {
        assertThat(new Recorder().percentile(99)).isZero();
        assertThat(new Recorder().max()).isZero();
    }

    @Test
    void recordingAfterAPercentileKeepsItExact() {
        Recorder r = new Recorder();
        r.record(5);
        r.record(1);
        assertThat(r.percentile(50)).isEqualTo(1);
        r.record(3);
        assertThat(r.percentile(50)).isEqualTo(3);
        assertThat(r.countAbove(2)).isEqualTo(2);
    }

    @Test
    void growsPastItsFirstArray() {
        Recorder r = new Recorder();
        for (int i = 0; i < 5000; i++) {
            r.record(i);
        }
        assertThat(r.count()).isEqualTo(5000);
        assertThat(r.percentile(99)).isEqualTo(4949);
    }

    @Test
    void percentileOutsideRangeIsRefused() {
        assertThatThrownBy(() -> new Recorder().percentile(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0, 100]");
    }
}
