package dev.tether.tools;

import dev.tether.api.tool.Tool;
import dev.tether.tools.exec.ExecSettings;
import dev.tether.tools.exec.ExecTool;
import dev.tether.tools.fs.EditFileTool;
import dev.tether.tools.fs.ListDirTool;
import dev.tether.tools.fs.ReadFileTool;
import dev.tether.tools.fs.WriteFileTool;
import dev.tether.tools.web.WebFetchSettings;
import dev.tether.tools.web.WebFetchTool;
import java.util.List;

/**
 * The built-in tools, ready for the composition root to register. The file tools are always safe to enable
 * (confined to each call's workspace); {@code exec} and {@code web_fetch} take their settings from config and
 * should be registered only when the user enables them. Every tool returned is thread-safe.
 */
public final class BuiltinTools {
    private BuiltinTools() {
    }

    /** {@code read_file}, {@code write_file}, {@code edit_file} and {@code list_dir}. */
    public static List<Tool> fileTools() {
        return List.of(new ReadFileTool(), new WriteFileTool(), new EditFileTool(), new ListDirTool());
    }

    /** {@code exec}: runs shell commands in the workspace. Register only when the user enabled it. */
    public static Tool exec(ExecSettings settings) {
        return new ExecTool(settings);
    }

    /** {@code web_fetch}: fetches public http(s) URLs as text. */
    public static Tool webFetch(WebFetchSettings settings) {
        return new WebFetchTool(settings);
    }
}
