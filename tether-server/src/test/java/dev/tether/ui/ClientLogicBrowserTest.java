package dev.tether.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI's protocol logic (connection.js, outbox.js, conversation.js) and the pure helpers of copy.js and
 * export.js, unit-tested in Chromium against a fake socket and fake timers: src/test/resources/ui/connection-spec.js,
 * one dynamic test per case.
 */
class ClientLogicBrowserTest {
    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> connectionOutboxAndConversationLogic() throws IOException {
        String spec;
        try (InputStream in = getClass().getResourceAsStream("/ui/connection-spec.js")) {
            spec = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<?> results;
        try (UiServer server = new UiServer(dir); ChatPage chat = new ChatPage(server)) {
            chat.page.navigate(server.baseUrl() + "/health/live"); // the UI's origin, without starting the UI
            results = (List<?>) chat.page.evaluate(spec);
        }
        assertThat(results).hasSizeGreaterThan(15);
        return results.stream().map(r -> (Map<?, ?>) r).map(r -> DynamicTest.dynamicTest((String) r.get("name"), () ->
                assertThat((Boolean) r.get("ok")).as(String.valueOf(r.get("error"))).isTrue()));
    }
}
