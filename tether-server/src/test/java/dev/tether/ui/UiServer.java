package dev.tether.ui;

import dev.tether.gateway.Authenticator;
import dev.tether.server.TestServer;
import java.nio.file.Path;


/**
 * A real server (Javalin, SQLite, the OpenAI adapter, the file tools) on an ephemeral loopback port with a
 * fake model: what the browser tests talk to. 
 */
class UiServer extends TestServer {
    final String user;

    UiServer(Path dir, String... serverOverrides) {
        this(dir, Authenticator.none(), "local", serverOverrides);
    }

    UiServer(Path dir, Authenticator auth, String user, String... serverOverrides) {
        super(dir, auth, serverOverrides);
        this.user = user;
    }

    /** Creates a conversation of this server's user with that title; returns its id. */
    @Override
    public String conversation(String title) {
        return store.createConversation(user, title).id();
    }
}
