package dev.tether.tools.fs;

import dev.tether.tools.ToolFailureException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;

/** Checks and reads shared by the file tools; every problem becomes a {@link ToolFailureException}. */
final class FileChecks {
    /** How many leading bytes decide whether a file is binary. */
    static final int SNIFF_BYTES = 8_192;
    /** The largest file {@code edit_file} loads into memory. */
    static final long MAX_EDIT_BYTES = 10L * 1024 * 1024;

    private FileChecks() {
    }

    /** Fails unless {@code target} is an existing regular file; a missing one gets a did-you-mean hint. */
    static void requireFile(ResolvedPath target, WorkspacePaths paths) {
        if (Files.isDirectory(target.path(), LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolFailureException("'" + target.shown() + "' is a directory, not a file",
                    "Use list_dir to see its entries, then pass one of the files.");
        }
        if (!Files.exists(target.path(), LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolFailureException("File not found: '" + target.shown() + "'",
                    NameSuggestions.hintFor(target, paths));
        }
        if (!Files.isRegularFile(target.path(), LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolFailureException("'" + target.shown() + "' is not a regular file",
                    "Only regular files can be read or edited; use list_dir to find one.");
        }
    }

    /** True when the bytes look binary: a NUL byte among them. */
    static boolean looksBinary(byte[] head, int length) {
        for (int i = 0; i < length; i++) {
            if (head[i] == 0) {
                return true;
            }
        }
        return false;
    }

    static ToolFailureException binary(ResolvedPath target) {
        return new ToolFailureException("'" + target.shown() + "' is a binary file, not text",
                "These tools only handle text files; use exec (if enabled) with a tool such as 'file' or 'xxd'.");
    }

    /** Reads a whole regular file as strict UTF-8 text, refusing binary, non-UTF-8 and oversized files. */
    static String readUtf8(ResolvedPath target) throws IOException {
        long size = Files.size(target.path());
        if (size > MAX_EDIT_BYTES) {
            throw new ToolFailureException("'" + target.shown() + "' is too large to edit: " + size + " bytes (limit "
                    + MAX_EDIT_BYTES + ")", "Use exec (if enabled) with a stream editor for large files.");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(target.path(), LinkOption.NOFOLLOW_LINKS,
                StandardOpenOption.READ)) {
            bytes = in.readAllBytes();
        }
        if (looksBinary(bytes, Math.min(bytes.length, SNIFF_BYTES))) {
            throw binary(target);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ToolFailureException("'" + target.shown() + "' is not valid UTF-8 text",
                    "edit_file only edits UTF-8 files; convert it first or use write_file to replace it whole.", e);
        }
    }
}
