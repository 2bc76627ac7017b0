package dev.tether.ui;

import dev.tether.gateway.Authenticator;
import dev.tether.server.TestServer;
import dev.tether.store.IssuedToken;
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

    private UiServer(Path dir, String user, String... serverOverrides) {
        super(TestServer::storeTokens, dir, serverOverrides);
        this.user = user;
    }

    /** Signs in with the access tokens of its own store, as {@code tether serve} does; for {@code user}'s pages. */
    static UiServer withStoreTokens(Path dir, String user, String... serverOverrides) {
        return new UiServer(dir, user, serverOverrides);
    }

    /** A new access token of {@code user}, who is created first if needed. */
    IssuedToken token(String user, String label) {
        if (access().user(user).isEmpty()) {
            access().createUser(user);
        }
        return access().createToken(user, label);
    }

    /** Creates a conversation of this server's user with that title; returns its id. */
    @Override
    public String conversation(String title) {
        return store.createConversation(user, title).id();
    }
}
