package dev.tether.tools.fs;

import dev.tether.api.tool.ToolArguments;
import dev.tether.api.tool.ToolParameter;
import dev.tether.api.tool.ToolParameter.Type;
import dev.tether.api.tool.ToolResult;
import dev.tether.api.tool.ToolSpec;
import dev.tether.tools.ToolFailureException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code list_dir}: the entries of a workspace directory (default the root), sorted by name, directories
 * with a trailing {@code /} and symbolic links with a trailing {@code @}. At most {@value #MAX_ENTRIES}
 * entries are shown, followed by a note with the number left out. Stateless and thread-safe.
 */
public final class ListDirTool extends WorkspaceTool {
    static final int MAX_ENTRIES = 500;

    private static final ToolSpec SPEC = new ToolSpec("list_dir",
            "List a directory in the workspace. Directories end with '/', symbolic links with '@'.",
            List.of(ToolParameter.optional("path", Type.STRING,
                    "Directory path relative to the workspace root (default '.')")));

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    ToolResult run(ToolArguments arguments, WorkspacePaths paths) throws IOException {
        ResolvedPath target = paths.resolve(arguments.optionalString("path").orElse("."));
        Path dir = target.path();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolFailureException("Directory not found: '" + target.shown() + "'",
                    NameSuggestions.hintFor(target, paths));
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolFailureException("'" + target.shown() + "' is a file, not a directory",
                    "Use read_file to read it, or list_dir on its parent directory.");
        }
        List<String> names;
        try (Stream<Path> entries = Files.list(dir)) {
            names = entries.map(ListDirTool::describe).sorted().toList();
        }
        if (names.isEmpty()) {
            return ToolResult.ok("(empty directory '" + target.shown() + "')");
        }
        StringBuilder out = new StringBuilder();
        names.stream().limit(MAX_ENTRIES).forEach(n -> out.append(n).append('\n'));
        if (names.size() > MAX_ENTRIES) {
            out.append("[... ").append(names.size() - MAX_ENTRIES).append(" more entries not shown; list a"
                    + " subdirectory to narrow down.]\n");
        }
        return ToolResult.ok(out.toString());
    }

    private static String describe(Path entry) {
        String name = entry.getFileName().toString();
        if (Files.isSymbolicLink(entry)) {
            return name + "@";
        }
        return Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) ? name + "/" : name;
    }
}
