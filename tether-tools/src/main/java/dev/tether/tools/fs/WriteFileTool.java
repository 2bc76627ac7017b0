package dev.tether.tools.fs;

import dev.tether.api.tool.ToolArguments;
import dev.tether.api.tool.ToolParameter;
import dev.tether.api.tool.ToolParameter.Type;
import dev.tether.api.tool.ToolResult;
import dev.tether.api.tool.ToolSpec;
import dev.tether.tools.ToolFailureException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * {@code write_file}: writes {@code content} as UTF-8 to a file in the workspace, replacing what was there
 * and creating missing parent directories. Refuses directories and paths that leave the workspace (see
 * {@link WorkspacePaths}); the final component is opened without following symbolic links. Stateless and
 * thread-safe; two concurrent writes to one file leave one of the two contents.
 */
public final class WriteFileTool extends WorkspaceTool {
    private static final ToolSpec SPEC = new ToolSpec("write_file",
            "Create or overwrite a text file in the workspace with the given content. Parent directories are"
                    + " created. Prefer edit_file to change part of an existing file.",
            List.of(ToolParameter.required("path", Type.STRING, "File path relative to the workspace root"),
                    ToolParameter.required("content", Type.STRING, "The complete new content of the file")));

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    ToolResult run(ToolArguments arguments, WorkspacePaths paths) throws IOException {
        ResolvedPath target = paths.resolve(arguments.string("path"));
        String content = arguments.string("content");
        Path path = target.path();
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolFailureException("'" + target.shown() + "' is a directory, not a file",
                    "Write to a file inside it, such as '" + target.shown() + "/notes.md'.");
        }
        boolean existed = Files.exists(path, LinkOption.NOFOLLOW_LINKS);
        if (existed && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolFailureException("'" + target.shown() + "' exists and is not a regular file",
                    "Choose another path; use list_dir to see what exists.");
        }
        createParents(target, paths);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Files.write(path, bytes, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        return ToolResult.ok((existed ? "Overwrote '" : "Created '") + target.shown() + "' (" + bytes.length
                + " bytes).");
    }

    private static void createParents(ResolvedPath target, WorkspacePaths paths) throws IOException {
        Path parent = target.path().getParent();
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw new ToolFailureException("Cannot create directory '" + paths.shown(parent) + "' for '"
                    + target.shown() + "': a file is in the way (" + e.getFile() + ")",
                    "Pick a path whose parent directories are not files.", e);
        }
    }
}
