package dev.tether.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FramesTest {
    @Test
    void deltaIsTheSameJsonAsTheGeneratorWrites() {
        Random random = new Random(7);
        String[] samples = {"", "plain", "quote \" backslash \\ slash /", "lines\n\r\t\b\f end", "\u0000\u0001\u001f\u007f",
                "caf\u00e9 \u2603 \uD83D\uDE00 \u2028", "\uD800 lone surrogate"};
        for (String text : samples) {
            assertSame(text, 5, 5);
            assertSame(text, 3, 9);
        }
        for (int i = 0; i < 2000; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                b.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
            }
            assertSame(b.toString(), i, i + random.nextInt(2));
        }
    }

    private static void assertSame(String text, long firstSeq, long seq) {
        String viaGenerator = Frames.positioned("delta", "c-1", "e\"1", seq, g -> {
            if (firstSeq != seq) {
                g.writeNumberField("firstSeq", firstSeq);
            }
            g.writeStringField("text", text);
        });
        assertThat(Frames.delta("c-1", "e\"1", firstSeq, seq, text)).isEqualTo(viaGenerator);
    }
}
