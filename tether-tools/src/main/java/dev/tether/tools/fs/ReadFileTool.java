package dev.tether.tools.fs;

import dev.tether.api.tool.ToolArguments;
import dev.tether.api.tool.ToolParameter;
import dev.tether.api.tool.ToolParameter.Type;
import dev.tether.api.tool.ToolResult;
import dev.tether.api.tool.ToolSpec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * {@code read_file}: returns a text file's lines from {@code offset} (1-based, default 1) for at most
 * {@code limit} lines (default {@value #DEFAULT_LIMIT}) and at most {@value #MAX_CHARS} characters. When it
 * stops early it says so and gives the {@code offset} to continue from. Streams the file, so a huge file
 * costs only what is returned. Binary files (a NUL byte in the first 8 KiB) are refused; bytes that are not
 * UTF-8 show as U+FFFD. Stateless and thread-safe.
 */
public final class ReadFileTool extends WorkspaceTool {
    static final int DEFAULT_LIMIT = 2_000;
    static final int MAX_CHARS = 50_000;

    private static final ToolSpec SPEC = new ToolSpec("read_file",
            "Read a text file in the workspace. Returns up to " + DEFAULT_LIMIT + " lines and " + MAX_CHARS
                    + " characters; use offset to read further.",
            List.of(ToolParameter.required("path", Type.STRING, "File path relative to the workspace root"),
                    ToolParameter.optional("offset", Type.INTEGER, "First line to return, 1-based (default 1)"),
                    ToolParameter.optional("limit", Type.INTEGER,
                            "Maximum number of lines to return (default " + DEFAULT_LIMIT + ")")));

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    ToolResult run(ToolArguments arguments, WorkspacePaths paths) throws IOException {
        ResolvedPath target = paths.resolve(arguments.string("path"));
        long offset = positive(arguments, "offset", 1);
        long limit = positive(arguments, "limit", DEFAULT_LIMIT);
        FileChecks.requireFile(target, paths);
        try (InputStream raw = Files.newInputStream(target.path(), LinkOption.NOFOLLOW_LINKS,
                StandardOpenOption.READ); BufferedInputStream in = new BufferedInputStream(raw)) {
            in.mark(FileChecks.SNIFF_BYTES);
            byte[] head = in.readNBytes(FileChecks.SNIFF_BYTES);
            if (FileChecks.looksBinary(head, head.length)) {
                throw FileChecks.binary(target);
            }
            in.reset();
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE));
            return ToolResult.ok(new LineWindow(reader, offset, limit, MAX_CHARS).read(target.shown()));
        }
    }
}
