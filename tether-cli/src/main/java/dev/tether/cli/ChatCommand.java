package dev.tether.cli;

import dev.tether.agent.AgentException;
import dev.tether.agent.TurnOutcome;
import dev.tether.api.CancelSignal;
import dev.tether.app.TetherApp;
import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.store.MessageStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Terminal chat. Replies stream to stdout; tool steps and errors go to stderr. Continues the most recent
 * terminal conversation unless {@code --new} or {@code --conversation} says otherwise.
 */
@Command(name = "chat", description = "Chat in the terminal; -m sends one message and prints the reply.")
final class ChatCommand implements Callable<Integer> {
    static final String OWNER = "cli";

    @ParentCommand
    TetherCommand root;

    @Option(names = {"-m", "--message"}, description = "Send this one message, print the reply, and exit.")
    String message;

    @Option(names = "--new", description = "Start a new conversation instead of continuing the last one.")
    boolean fresh;

    @Option(names = "--conversation", paramLabel = "ID", description = "Continue this conversation.")
    String conversationId;

    @Override
    public Integer call() throws IOException {
        try (TetherApp app = TetherApp.start(root.loadConfig())) {
            Terminal terminal = new Terminal(root.verbose);
            String conversation = pickConversation(app.store(), message);
            if (message != null) {
                return send(app, conversation, message, terminal, CancelSignal.none()) ? 0 : 1;
            }
            return interactive(app, conversation, terminal);
        }
    }

    private int interactive(TetherApp app, String conversation, Terminal terminal) throws IOException {
        terminal.info("Tether: chatting with " + app.model().info().id() + " at " + app.model().info().baseUrl()
                + ". Type /new for a new conversation, /exit to quit; Ctrl-C stops a reply.");
        AtomicReference<CancelSignal> current = new AtomicReference<>();
        Interrupts.onInterrupt(() -> {
            CancelSignal running = current.get();
            if (running == null) {
                System.exit(130);
            }
            running.cancel();
        });
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String conv = conversation;
        while (true) {
            terminal.prompt();
            String line = in.readLine();
            if (line == null || line.strip().equals("/exit") || line.strip().equals("/quit")) {
                return 0;
            }
            if (line.isBlank()) {
                continue;
            }
            if (line.strip().equals("/new")) {
                conv = app.store().createConversation(OWNER, "Terminal chat").id();
                terminal.info("New conversation " + conv);
                continue;
            }
            CancelSignal cancel = new CancelSignal();
            current.set(cancel);
            send(app, conv, line, terminal, cancel);
            current.set(null);
        }
    }

    private static boolean send(TetherApp app, String conversation, String text, Terminal terminal, CancelSignal cancel) {
        try {
            TurnOutcome outcome = app.agent().chat(conversation, UUID.randomUUID().toString(), text, terminal, cancel);
            return outcome.status() == MessageStatus.COMPLETE || outcome.status() == MessageStatus.STOPPED;
        } catch (AgentException e) {
            terminal.error(e.getMessage());
            return false;
        }
    }

    private String pickConversation(ConversationStore store, String firstMessage) {
        if (conversationId != null) {
            return store.conversation(conversationId).map(Conversation::id).orElseThrow(() -> new IllegalArgumentException(
                    "No conversation with id '" + conversationId + "'. Leave out --conversation to continue the "
                            + "last one, or use --new."));
        }
        if (!fresh) {
            var latest = store.conversations(OWNER, Optional.empty(), 1).items();
            if (!latest.isEmpty()) {
                return latest.getFirst().id();
            }
        }
        String title = firstMessage == null ? "Terminal chat" : firstMessage.strip().lines().findFirst().orElse("Chat");
        return store.createConversation(OWNER, title.length() > 60 ? title.substring(0, 60) + "..." : title).id();
    }
}
