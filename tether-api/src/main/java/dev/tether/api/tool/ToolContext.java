package dev.tether.api.tool;

import dev.tether.api.CancelSignal;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a tool may know about the call: the workspace root it is confined to, the conversation it serves, and
 * a cancel signal that fires when the user stops the turn.
 */
public record ToolContext(Path workspace, String conversationId, CancelSignal cancel) {
    public ToolContext {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(cancel, "cancel");
    }
}
