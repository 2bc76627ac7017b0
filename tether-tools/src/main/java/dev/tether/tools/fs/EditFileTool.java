package dev.tether.tools.fs;

import dev.tether.api.tool.ToolArguments;
import dev.tether.api.tool.ToolParameter;
import dev.tether.api.tool.ToolParameter.Type;
import dev.tether.api.tool.ToolResult;
import dev.tether.api.tool.ToolSpec;
import dev.tether.tools.ToolFailureException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * {@code edit_file}: replaces the one occurrence of {@code old_text} in a UTF-8 file with {@code new_text}.
 * Fails, without writing, when {@code old_text} occurs zero times or more than once, saying which and how to
 * fix it; when the file uses CRLF line ends and {@code old_text} uses LF, the LF form is matched as CRLF.
 * Files over {@value FileChecks#MAX_EDIT_BYTES} bytes are refused. Stateless; concurrent edits of one file
 * can lose one of them.
 */
public final class EditFileTool extends WorkspaceTool {
    private static final ToolSpec SPEC = new ToolSpec("edit_file",
            "Replace exactly one occurrence of old_text with new_text in a workspace file. old_text must match the"
                    + " file exactly, including whitespace, and occur only once; include surrounding lines to"
                    + " make it unique.",
            List.of(ToolParameter.required("path", Type.STRING, "File path relative to the workspace root"),
                    ToolParameter.required("old_text", Type.STRING, "The exact text to replace"),
                    ToolParameter.required("new_text", Type.STRING, "The replacement text")));

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    ToolResult run(ToolArguments arguments, WorkspacePaths paths) throws IOException {
        ResolvedPath target = paths.resolve(arguments.string("path"));
        String oldText = arguments.string("old_text");
        String newText = arguments.string("new_text");
        if (oldText.isEmpty()) {
            throw new ToolFailureException("old_text is empty",
                    "Copy the exact text to replace from read_file; to replace the whole file use write_file.");
        }
        FileChecks.requireFile(target, paths);
        String text = FileChecks.readUtf8(target);
        if (!text.contains(oldText) && text.contains("\r\n") && oldText.contains("\n")) {
            oldText = oldText.replace("\r\n", "\n").replace("\n", "\r\n");
            newText = newText.replace("\r\n", "\n").replace("\n", "\r\n");
        }
        List<Integer> at = Occurrences.find(text, oldText);
        if (at.size() != 1) {
            throw Occurrences.failure(target.shown(), text, oldText, at);
        }
        int start = at.get(0);
        String edited = text.substring(0, start) + newText + text.substring(start + oldText.length());
        Files.writeString(target.path(), edited, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        return ToolResult.ok("Edited '" + target.shown() + "': replaced 1 occurrence at line "
                + Occurrences.lineOf(text, start) + ".");
    }
}
