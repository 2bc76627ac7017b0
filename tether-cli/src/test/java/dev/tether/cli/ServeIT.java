package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.testkit.model.FakeOpenAiServer;
import dev.tether.testkit.model.Script;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tether serve` from the jar: first-start token, health, a chat over the WebSocket, shutdown on SIGTERM. */
class ServeIT {
    @TempDir
    Path dir;

    @Test
    void serveStartsWithAFirstRunTokenChatsOverTheWebSocketAndStopsOnSigterm() throws Exception {
        try (FakeOpenAiServer model = FakeOpenAiServer.start()) {
            model.enqueue(Script.text("Hello ", "from serve."));
            Path home = dir.resolve("home");
            Files.createDirectories(home);
            Path err = dir.resolve("serve.err");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-jar", CliProcess.jar().toString(), "--home", home.toString(),
                    "--set", "server.port=0", "--set", "models.local.base-url=" + model.baseUrl(),
                    "--set", "models.local.model=" + model.model(), "serve", "--grace", "2s")
                    .redirectErrorStream(true).redirectOutput(err.toFile()).start();
            try {
                Pattern url = Pattern.compile("(http://127\\.0\\.0\\.1:(\\d+)/)#token=(tth_[A-Za-z0-9_-]+)");
                await().atMost(Duration.ofSeconds(30)).until(() -> url.matcher(Files.readString(err)).find());
                Matcher m = url.matcher(Files.readString(err));
                assertThat(m.find()).isTrue();
                int port = Integer.parseInt(m.group(2));
                String token = m.group(3);

                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(m.group(1) + "health/live")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(live.statusCode()).isEqualTo(200);

                List<String> frames = new CopyOnWriteArrayList<>();
                WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"),
                        new WebSocket.Listener() {
                            private final StringBuilder partial = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                                partial.append(data);
                                if (last) {
                                    frames.add(partial.toString());
                                    partial.setLength(0);
                                }
                                socket.request(1);
                                return null;
                            }
                        }).join();
                ws.sendText("{\"type\":\"hello\",\"v\":1,\"token\":\"" + token + "\"}", true).join();
                await().atMost(Duration.ofSeconds(10)).until(() -> frames.stream().anyMatch(f -> f.contains("\"welcome\"")));
                assertThat(frames.getFirst()).contains("\"user\":\"owner\"");
                ws.sendText("{\"type\":\"create\",\"id\":\"c\",\"title\":\"t\"}", true).join();
                await().atMost(Duration.ofSeconds(10)).until(() -> frames.stream().anyMatch(f -> f.contains("\"ack\"")));
                String conversation = frames.stream().filter(f -> f.contains("\"ack\"")).findFirst().orElseThrow()
                        .replaceAll(".*\"conversation\":\"([^\"]+)\".*", "$1");
                ws.sendText("{\"type\":\"subscribe\",\"id\":\"s\",\"conversation\":\"" + conversation + "\"}", true).join();
                ws.sendText("{\"type\":\"send\",\"id\":\"m\",\"conversation\":\"" + conversation
                        + "\",\"clientMessageId\":\"u1\",\"text\":\"hi\"}", true).join();
                await().atMost(Duration.ofSeconds(10)).until(() -> frames.stream().anyMatch(f -> f.contains("turn_completed")));
                assertThat(frames.stream().filter(f -> f.contains("turn_completed")).findFirst().orElseThrow())
                        .contains("\"text\":\"Hello from serve.\"");

                p.destroy(); // SIGTERM
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
                assertThat(Files.readString(err)).contains("Shutting down");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    /** Starts {@code tether serve} on {@code home} with {@code settings}; answers what it printed once listening. */
    private String startUntilListening(Path home, String... settings) throws Exception {
        Path err = dir.resolve(home.getFileName() + ".err");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", CliProcess.jar().toString(), "--home", home.toString(),
                "--set", "server.port=0"));
        for (String setting : settings) {
            command.addAll(List.of("--set", setting));
        }
        command.add("serve");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(err.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(err).contains("listening on"));
            return Files.readString(err);
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }

    @Test
    void aSecondStartDoesNotPrintANewToken() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home2"));
        CliProcess.run(home, "", "token", "create", "--user", "ada");

        assertThat(startUntilListening(home)).doesNotContain("#token=").doesNotContain("tools.exec"); // exec is off
    }

    @Test
    void execOnWithOtherUsersIsWarnedAboutAtStart() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home3"));
        CliProcess.run(home, "", "token", "create", "--user", "ada");

        assertThat(startUntilListening(home, "tools.exec.enabled=true"))
                .contains("Warning: tools.exec is on and other users may sign in (ada).");
    }
}
