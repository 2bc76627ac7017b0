package dev.tether.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RelayTest {

    /**
     * A target that reads a 4-byte length and that many bytes, then answers with them reversed, 16 MiB of
     * filler first: more than the relay's 16 KiB buffer, its socket's send buffer (at most 4 MiB) and the client's
     * 4 KiB receive buffer together, so the relay's writes to the client come up short again and again and it
     * must keep the rest, stop reading, and go on.
     */
    @Test
    void movesEveryByteBothWaysAndWaitsForASlowReader() throws Exception {
        byte[] filler = new byte[16 << 20];
        new Random(7).nextBytes(filler);
        try (ServerSocket target = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = target.accept()) {
                    InputStream in = s.getInputStream();
                    int len = ByteBuffer.wrap(in.readNBytes(4)).getInt();
                    byte[] got = in.readNBytes(len);
                    byte[] reversed = new byte[len];
                    for (int i = 0; i < len; i++) {
                        reversed[i] = got[len - 1 - i];
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(filler);
                    out.write(reversed);
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), target.getLocalPort());
            try (Relay relay = Relay.start(to, 2, 0); Socket client = new Socket()) {
                client.setReceiveBufferSize(4096);
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), relay.port()));
                client.setSoTimeout(20_000);
                byte[] question = new byte[100_000];
                new Random(8).nextBytes(question);
                OutputStream out = client.getOutputStream();
                out.write(ByteBuffer.allocate(4).putInt(question.length).array());
                out.write(question);
                out.flush();
                InputStream in = client.getInputStream();
                byte[] first = in.readNBytes(filler.length);
                byte[] answer = in.readNBytes(question.length);
                assertThat(Arrays.equals(first, filler)).as("the filler arrived intact and in order").isTrue();
                for (int i = 0; i < question.length; i++) {
                    if (answer[i] != question[question.length - 1 - i]) {
                        throw new AssertionError("byte " + i + " of the answer differs");
                    }
                }
                served.get(10, TimeUnit.SECONDS);
                assertThat(in.read()).as("the target closed; so does the relay").isEqualTo(-1);
            }
        }
    }

    @Test
    void refusesNonsenseSettings() {
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        assertThatThrownBy(() -> Relay.start(to, 0, 0)).hasMessageContaining("at least one loop, got 0");
        assertThatThrownBy(() -> Relay.start(to, 1, -5)).hasMessageContaining("cannot be negative, got -5 ns");
    }
}
