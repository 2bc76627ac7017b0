package dev.tether.faults.frozen;

import dev.tether.faults.client.ChatClient;
import dev.tether.faults.history.History;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A chat client in a process of its own, so the test can freeze it with SIGSTOP and thaw it with SIGCONT.
 * Arguments: {@code PORT CONVERSATION HISTORY_FILE RECEIVE_BUFFER_BYTES SILENCE_MS}. It follows the
 * conversation, writes every entry of its history to the file as it happens, prints {@code LIVE} once it is
 * subscribed, and after that {@code LIVE <n>} each time a later connection is live again; it closes and exits 0
 * on a {@code quit} line (or end of input) on stdin.
 */
public final class FrozenClientMain {
    private FrozenClientMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: FrozenClientMain PORT CONVERSATION HISTORY_FILE RECEIVE_BUFFER_BYTES SILENCE_MS");
            System.exit(2);
        }
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
        History history = History.mirroredTo("frozen", Path.of(args[2]));
        ChatClient.Settings settings = new ChatClient.Settings("frozen", () -> server,
                Duration.ofMillis(Long.parseLong(args[4])), Duration.ofMillis(100), Duration.ofSeconds(2),
                Duration.ofSeconds(3), Integer.parseInt(args[3]));
        try (ChatClient client = ChatClient.start(settings, history)) {
            client.follow(args[1]);
            Thread.ofVirtual().start(() -> announceLive(client));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.strip().equals("quit")) {
                System.err.println("frozen client: unknown command '" + line + "'; only 'quit' is understood");
            }
        }
        System.exit(0);
    }

    /** Prints "LIVE n" whenever connection n becomes live, so the parent can wait for it. */
    private static void announceLive(ChatClient client) {
        int announced = 0;
        while (true) {
            if (client.awaitLive(Duration.ofMillis(200)) && client.connections() != announced) {
                announced = client.connections();
                System.out.println("LIVE " + announced);
                System.out.flush();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
