package dev.tether.tools.fs;

import dev.tether.api.tool.Tool;
import dev.tether.api.tool.ToolArguments;
import dev.tether.api.tool.ToolContext;
import dev.tether.api.tool.ToolResult;
import dev.tether.tools.ToolFailureException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;

/**
 * Shared shape of the file tools: open the workspace from the context, run, and turn refusals and I/O
 * errors into failures for the model.
 */
abstract class WorkspaceTool implements Tool {

    @Override
    public final ToolResult execute(ToolArguments arguments, ToolContext context) {
        try {
            return run(arguments, WorkspacePaths.of(context.workspace()));
        } catch (ToolFailureException e) {
            return e.toResult();
        } catch (AccessDeniedException e) {
            return ToolResult.failure("Permission denied: " + e.getFile(),
                    "The server process may not access this file; pick another path.");
        } catch (IOException e) {
            return ToolResult.failure(spec().name() + " failed: " + e, "Check the path with list_dir and retry.");
        }
    }

    /** Does the work; may throw {@link ToolFailureException} or {@link IOException}. */
    abstract ToolResult run(ToolArguments arguments, WorkspacePaths paths) throws IOException;

    static long positive(ToolArguments arguments, String name, long defaultValue) {
        long value = arguments.integer(name, defaultValue);
        if (value < 1) {
            throw new ToolFailureException("'" + name + "' must be at least 1 but was " + value,
                    "Omit '" + name + "' to use the default (" + defaultValue + ").");
        }
        return value;
    }
}
