package dev.tether.ui;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real server on a fresh home and a browser page on it, for each test. */
abstract class BrowserTest {
    @TempDir
    Path dir;
    UiServer server;
    ChatPage chat;

    @BeforeEach
    final void startServerAndPage() {
        server = new UiServer(dir);
        beforePage();
        chat = new ChatPage(server);
    }

    /** Runs once the server is up and before the page opens: for what the page must find when it loads. */
    void beforePage() {
    }

    @AfterEach
    final void closePageAndServer() {
        if (chat != null) {
            chat.close();
        }
        server.close();
    }
}
