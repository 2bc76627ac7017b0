package dev.tether.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.api.CancelSignal;
import dev.tether.api.tool.Tool;
import dev.tether.api.tool.ToolArguments;
import dev.tether.api.tool.ToolContext;
import dev.tether.api.tool.ToolResult;
import java.nio.file.Path;

/** Test helpers for calling a tool the way the agent does. */
public final class ToolCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolCalls() {
    }

    /** Arguments from alternating names and values (strings, numbers, booleans). */
    public static ToolArguments args(Object... namesAndValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            node.set((String) namesAndValues[i], JSON.valueToTree(namesAndValues[i + 1]));
        }
        return ToolArguments.parse(node.toString());
    }

    public static ToolContext context(Path workspace) {
        return new ToolContext(workspace, "test-conversation", CancelSignal.none());
    }

    public static ToolContext context(Path workspace, CancelSignal cancel) {
        return new ToolContext(workspace, "test-conversation", cancel);
    }

    /** Calls the tool and asserts success; returns the content. */
    public static String ok(Tool tool, Path workspace, Object... namesAndValues) {
        ToolResult result = tool.execute(args(namesAndValues), context(workspace));
        assertThat(result).as(result.forModel()).isInstanceOf(ToolResult.Success.class);
        return result.forModel();
    }

    /** Calls the tool and asserts failure; returns the failure. */
    public static ToolResult.Failure failure(Tool tool, Path workspace, Object... namesAndValues) {
        ToolResult result = tool.execute(args(namesAndValues), context(workspace));
        assertThat(result).as(result.forModel()).isInstanceOf(ToolResult.Failure.class);
        return (ToolResult.Failure) result;
    }
}
