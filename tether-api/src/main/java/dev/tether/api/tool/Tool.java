package dev.tether.api.tool;

/**
 * Something the model can call. Implementations are stateless or thread-safe: several conversations may
 * call one tool at once, each on its own virtual thread, so blocking I/O is fine.
 *
 * <p>{@link #execute} returns a {@link ToolResult}; a tool that throws is treated as a failure whose message
 * is the exception's, so a crash in a tool never ends a turn. Long-running tools should watch
 * {@link ToolContext#cancel()}.
 */
public interface Tool {

    ToolSpec spec();

    ToolResult execute(ToolArguments arguments, ToolContext context);
}
