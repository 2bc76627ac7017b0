package dev.tether.cli;

import dev.tether.agent.AgentEvent;
import dev.tether.agent.AgentListener;
import dev.tether.api.tool.ToolResult;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Prints agent events: reply text to stdout as it streams; a reasoning model's thinking, tool steps and errors to
 * stderr (thinking dimmed on a terminal), so stdout holds only the reply.
 */
final class Terminal implements AgentListener {
    /** ANSI faint and reset, used only when a person is watching and has not asked for no colour. */
    private static final boolean DIM = System.console() != null && System.getenv("NO_COLOR") == null
            && !"dumb".equals(System.getenv("TERM"));
    private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    private final boolean verbose;
    private boolean midLine;
    /** A stretch of thinking is being printed to stderr. */
    private boolean thinking;

    Terminal(boolean verbose) {
        this.verbose = verbose;
    }

    @Override
    public void onEvent(AgentEvent event) {
        if (thinking && !(event instanceof AgentEvent.ThinkingDelta)) {
            err.println(DIM ? "\u001b[0m" : "");
            thinking = false;
        }
        switch (event) {
            case AgentEvent.TurnStarted s -> midLine = false;
            case AgentEvent.ThinkingDelta t -> {
                if (!thinking) {
                    endLine();
                    err.print((DIM ? "\u001b[2m" : "") + "  thinking: ");
                    thinking = true;
                }
                err.print(t.text());
                err.flush();
            }
            case AgentEvent.TextDelta d -> {
                out.print(d.text());
                out.flush();
                midLine = !d.text().endsWith("\n");
            }
            case AgentEvent.ToolCallStarted t -> {
                endLine();
                err.println("  > " + t.call().name() + " " + abbreviate(t.call().argumentsJson(), 160));
            }
            case AgentEvent.ToolCallFinished f -> err.println(switch (f.result()) {
                case ToolResult.Success s -> "  < " + f.call().name() + ": ok (" + s.content().length() + " chars)";
                case ToolResult.Failure x -> "  < " + f.call().name() + ": " + abbreviate(x.message(), 200);
            });
            case AgentEvent.TurnCompleted c -> {
                if (c.status() == dev.tether.store.MessageStatus.STOPPED) {
                    endLine();
                    err.println("[stopped]");
                }
                endLine();
            }
            case AgentEvent.AttemptFailed f -> {
                endLine();
                err.println(f.message() + " Trying again.");
            }
            case AgentEvent.TurnFailed f -> {
                endLine();
                err.println(f.message());
            }
        }
    }

    void prompt() {
        out.print("you> ");
        out.flush();
    }

    void info(String text) {
        err.println(text);
    }

    void error(String text) {
        endLine();
        err.println(text);
    }

    private void endLine() {
        if (midLine) {
            out.println();
            midLine = false;
        }
    }

    private String abbreviate(String s, int max) {
        return verbose || s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
