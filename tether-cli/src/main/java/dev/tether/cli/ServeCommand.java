package dev.tether.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Placeholder until the gateway lands: says so and how to chat meanwhile. */
@Command(name = "serve", description = "Start the server: web chat, WebSocket gateway, OpenAI-compatible API (coming next).")
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    TetherCommand root;

    @Override
    public Integer call() {
        var config = root.loadConfig();
        System.err.println("'tether serve' is not available yet in this version: the web chat and WebSocket gateway "
                + "(planned on " + config.server().host() + ":" + config.server().port() + ") come in the next "
                + "release. Use 'tether chat' to talk to the assistant in the terminal meanwhile.");
        return 1;
    }
}
