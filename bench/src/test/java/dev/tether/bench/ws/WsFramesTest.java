package dev.tether.bench.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WsFramesTest {

    @Test
    void acceptKeyMatchesTheRfcExample() {
        assertThat(WsFrames.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void clientFrameIsMaskedAndUnmasksToThePayload() {
        ByteBuffer frame = WsFrames.text("hello");
        byte[] b = new byte[frame.remaining()];
        frame.get(b);
        assertThat(b[0] & 0xff).isEqualTo(0x81);
        assertThat(b[1] & 0x80).isEqualTo(0x80);
        assertThat(b[1] & 0x7f).isEqualTo(5);
        byte[] out = new byte[5];
        for (int i = 0; i < 5; i++) {
            out[i] = (byte) (b[6 + i] ^ b[2 + (i & 3)]);
        }
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void mediumPayloadUsesTheSixteenBitLength() {
        ByteBuffer frame = WsFrames.text("x".repeat(300));
        assertThat(frame.get(1) & 0x7f).isEqualTo(126);
        assertThat(frame.remaining()).isEqualTo(2 + 2 + 4 + 300);
    }

    @Test
    void serverFrameLengthNeedsTheWholeFrame() {
        byte[] small = {(byte) 0x81, 3, 'a', 'b', 'c'};
        assertThat(WsFrames.frameLength(small, 0, 5)).isEqualTo(5);
        assertThat(WsFrames.frameLength(small, 0, 4)).isEqualTo(-1);
        assertThat(WsFrames.frameLength(small, 0, 1)).isEqualTo(-1);

        byte[] medium = new byte[4 + 200];
        medium[0] = (byte) 0x81;
        medium[1] = 126;
        medium[2] = 0;
        medium[3] = (byte) 200;
        assertThat(WsFrames.frameLength(medium, 0, medium.length)).isEqualTo(204);
        assertThat(WsFrames.payloadLength(medium, 0)).isEqualTo(200);
    }
}
