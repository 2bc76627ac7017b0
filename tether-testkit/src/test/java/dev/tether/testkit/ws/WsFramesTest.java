package dev.tether.testkit.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WsFramesTest {

    @Test
    void acceptKeyMatchesTheRfcExample() {
        assertThat(WsFrames.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void anUpgradeIsAcceptedOnlyWith101AndTheKeysAcceptValue() {
        String key = "dGhlIHNhbXBsZSBub25jZQ==";
        String ok = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

        assertThat(WsFrames.upgradeAccepted(ok, key)).isTrue();
        assertThat(WsFrames.upgradeAccepted(ok, WsFrames.newKey())).isFalse();
        assertThat(WsFrames.upgradeAccepted(ok.replace("101 Switching Protocols", "403 Forbidden"), key)).isFalse();
    }

    @Test
    void theUpgradeRequestCarriesTheKeyAndVersion13() {
        assertThat(WsFrames.upgradeRequest("127.0.0.1", 8787, "/ws", "k==")).isEqualTo("GET /ws HTTP/1.1\r\n"
                + "Host: 127.0.0.1:8787\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: k==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n");
    }

    @Test
    void aNewKeyIsSixteenRandomBytesInBase64() {
        assertThat(Base64.getDecoder().decode(WsFrames.newKey())).hasSize(16);
        assertThat(WsFrames.newKey()).isNotEqualTo(WsFrames.newKey());
    }

    @Test
    void clientFrameIsMaskedAndUnmasksToThePayload() {
        ByteBuffer frame = WsFrames.text("hello");
        byte[] b = new byte[frame.remaining()];
        frame.get(b);
        assertThat(b[0] & 0xff).isEqualTo(0x81);
        assertThat(b[1] & 0x80).isEqualTo(0x80);
        assertThat(b[1] & 0x7f).isEqualTo(5);
        assertThat(unmask(b, 2, 5)).isEqualTo("hello");
    }

    @Test
    void mediumPayloadUsesTheSixteenBitLength() {
        ByteBuffer frame = WsFrames.text("x".repeat(300));
        assertThat(frame.get(1) & 0x7f).isEqualTo(126);
        assertThat(frame.remaining()).isEqualTo(2 + 2 + 4 + 300);
        assertThat(WsFrames.payloadLength(frame.array(), 0)).isEqualTo(300);
    }

    @Test
    void largePayloadUsesTheSixtyFourBitLengthAndTheBackingArrayIsTheFrame() {
        ByteBuffer frame = WsFrames.clientFrame(WsFrames.BINARY, new byte[70_000]);

        assertThat(frame.get(0) & 0xff).isEqualTo(0x82);
        assertThat(frame.get(1) & 0x7f).isEqualTo(127);
        assertThat(frame.array()).hasSize(frame.remaining()).hasSize(2 + 8 + 4 + 70_000);
        assertThat(WsFrames.headerLengthAt(frame.array(), 0)).isEqualTo(14);
        assertThat(WsFrames.payloadLength(frame.array(), 0)).isEqualTo(70_000);
        assertThat(WsFrames.frameLength(frame.array(), 0, frame.remaining())).isEqualTo(frame.remaining());
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
        assertThat(WsFrames.frameLength(medium, 0, 3)).isEqualTo(-1);
        assertThat(WsFrames.payloadLength(medium, 0)).isEqualTo(200);
    }

    @Test
    void aFrameAfterAnOffsetIsParsedInPlace() {
        byte[] two = {(byte) 0x89, 0, (byte) 0x81, 2, 'h', 'i'};
        assertThat(WsFrames.frameLength(two, 0, two.length)).isEqualTo(2);
        assertThat(WsFrames.frameLength(two, 2, two.length)).isEqualTo(4);
        assertThat(WsFrames.headerLengthAt(two, 2)).isEqualTo(2);
    }

    @Test
    void aCloseFramesCodeAndReasonRoundTrip() {
        byte[] payload = {0x0f, (byte) 0xa1, 's', 'l', 'o', 'w'};
        assertThat(WsFrames.closeCode(payload, 0, payload.length)).isEqualTo(4001);
        assertThat(WsFrames.closeReason(payload, 0, payload.length)).isEqualTo("slow");
        assertThat(WsFrames.closeCode(WsFrames.closePayload(1009), 0, 2)).isEqualTo(1009);
        assertThat(WsFrames.closeReason(WsFrames.closePayload(1009), 0, 2)).isEmpty();
        assertThat(WsFrames.closeCode(new byte[0], 0, 0)).isEqualTo(WsFrames.NO_STATUS);

        ByteBuffer frame = WsFrames.clientFrame(WsFrames.CLOSE, WsFrames.closePayload(1000));
        assertThat(frame.get(0) & 0xff).isEqualTo(0x88);
        assertThat(frame.remaining()).isEqualTo(2 + 4 + 2);
    }

    private static String unmask(byte[] frame, int maskAt, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = (byte) (frame[maskAt + 4 + i] ^ frame[maskAt + (i & 3)]);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
