package dev.tether.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.server.ServerTest;
import dev.tether.server.TestServer;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The WebSocket layer under the protocol: fragments, binary frames, pings, bad UTF-8, requests that are no upgrade. */
class GatewayFramesTest extends ServerTest<TestServer> {
    @Test
    void aTextMessageSentInFragmentsIsOneFrameOfTheProtocol() {
        h = new TestServer(dir);
        try (WsClient c = WsClient.connect(h.port())) {
            c.sendPart("{\"type\":\"he", false);
            c.sendPart("llo\",\"v\":1,\"client\":\"fragm\u00e9", false);
            c.sendPart("nts\"}", true);
            assertThat(c.await("welcome").get("user").asText()).isEqualTo("local");
        }
    }

    @Test
    void fragmentsAddingUpToMoreThanTheFrameLimitCloseWith1009() throws Exception {
        h = new TestServer(dir, "max-frame-bytes=2048");
        try (WsClient c = WsClient.hello(h.port())) {
            c.sendPart("{\"type\":\"pong\",\"pad\":\"" + "x".repeat(1000), false);
            c.sendPart("x".repeat(1000), false);
            c.sendPart("x".repeat(1000) + "\"}", true);
            assertThat(c.awaitClose(Duration.ofSeconds(5))).isEqualTo(1009);
        }
    }

    @Test
    void whatTheServerSendsMayBeLargerThanTheInboundLimit() {
        h = new TestServer(dir, "max-frame-bytes=2048");
        String conversation = h.conversation("local");
        String longReply = "a long stored reply ".repeat(500);
        h.store.appendMessage(NewMessage.assistant(conversation, longReply, List.of(), MessageStatus.COMPLETE));
        try (WsClient c = WsClient.hello(h.port())) {
            c.send("{\"type\":\"subscribe\",\"id\":\"s1\",\"conversation\":\"" + conversation + "\"}");
            assertThat(c.await("snapshot").get("messages").get(0).get("text").asText()).isEqualTo(longReply);
        }
    }

    @Test
    void aBinaryFrameIsRefusedAndTheConnectionStaysUsable() {
        h = new TestServer(dir);
        try (WsClient c = WsClient.hello(h.port())) {
            c.sendBinary(new byte[] {1, 2, 3});
            assertThat(c.await("error").get("code").asText()).isEqualTo("invalid_frame");
            assertThat(c.ofType("error").getFirst().get("message").asText()).contains("Binary frames are not accepted");
            c.send("{\"type\":\"create\",\"id\":\"c1\",\"title\":\"after binary\"}");
            assertThat(c.await("ack").get("id").asText()).isEqualTo("c1");
        }
    }

    @Test
    void aWebSocketPingIsAnsweredWithItsPayload() {
        h = new TestServer(dir);
        try (WsClient c = WsClient.hello(h.port())) {
            c.sendPing("are you there");
            await().atMost(Duration.ofSeconds(5)).until(() -> c.pongs.contains("are you there"));
        }
    }

    @Test
    void invalidUtf8InATextFrameClosesWith1007() throws Exception {
        h = new TestServer(dir);
        try (Socket s = new Socket("127.0.0.1", h.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + h.port() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertThat(headers(in)).startsWith("HTTP/1.1 101");
            byte[] payload = {'{', (byte) 0xC3, (byte) 0x28, '}'}; // 0xC3 0x28: not UTF-8
            byte[] mask = {1, 2, 3, 4};
            out.write(new byte[] {(byte) 0x81, (byte) (0x80 | payload.length)});
            out.write(mask);
            for (int i = 0; i < payload.length; i++) {
                out.write(payload[i] ^ mask[i % 4]);
            }
            out.flush();
            assertThat(closeCode(in)).isEqualTo(1007);
        }
    }

    @Test
    void aPlainGetOfTheWebSocketAddressIsNotFound() throws Exception {
        h = new TestServer(dir);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(h.baseUrl() + "/ws")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
    }

    private static String headers(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /** Reads server frames (unmasked) until a close frame; returns its status code. */
    private static int closeCode(DataInputStream in) throws IOException {
        while (true) {
            int opcode = in.readUnsignedByte() & 0x0F;
            long length = in.readUnsignedByte() & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] body = in.readNBytes((int) length);
            if (opcode == 0x8) {
                return body.length >= 2 ? ((body[0] & 0xFF) << 8) | (body[1] & 0xFF) : 1005;
            }
        }
    }
}
