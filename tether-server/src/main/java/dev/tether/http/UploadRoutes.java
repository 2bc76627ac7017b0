package dev.tether.http;

import dev.tether.workspace.Workspaces;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * {@code POST /api/me/files?name=<file name>} with the file as the body: stores it in the caller's own workspace
 * under {@code uploads/}, where their file tools can read it ({@code read_file} pages through long files), and
 * answers 201 {@code {"path", "bytes"}} with the path to mention in a message. A name already taken gets
 * " (2)", " (3)"... before its extension; names are cut to their last segment and to safe characters, so no name
 * reaches outside {@code uploads/}. At most {@code server.max-upload-bytes}: a larger body is refused with 413 and
 * nothing is kept (the file is written under a temporary name and moved into place only when complete); 0 turns
 * uploads off (403).
 */
final class UploadRoutes {
    static final String FOLDER = "uploads";
    private static final int MAX_NAME = 100;

    private final Workspaces workspaces;
    private final long maxBytes;

    UploadRoutes(Workspaces workspaces, long maxBytes) {
        this.workspaces = workspaces;
        this.maxBytes = maxBytes;
    }

    void upload(Context ctx, String user) {
        if (maxBytes == 0) {
            throw new ApiException(403, "uploads_off", "This server takes no uploads (server.max-upload-bytes is 0). "
                    + "Paste the text into your message instead.", false, 0);
        }
        String asked = ctx.queryParam("name");
        if (asked == null || asked.isBlank()) {
            throw ApiException.invalid("Query parameter 'name' is required: the file's name, such as "
                    + "?name=notes.csv. Send the file itself as the request body.");
        }
        String contentLength = ctx.header("Content-Length");
        if (contentLength != null && contentLength.matches("\\d{1,18}") && Long.parseLong(contentLength) > maxBytes) {
            throw tooLarge(Long.parseLong(contentLength));
        }
        Path folder = workspaces.of(user).root().resolve(FOLDER);
        try {
            Files.createDirectories(folder);
            Path partial = Files.createTempFile(folder, ".upload", ".part");
            try {
                long bytes = copy(ctx.bodyInputStream(), partial);
                Path stored = place(partial, folder, safeName(asked));
                Json.respond(ctx, 201, g -> {
                    g.writeStringField("path", FOLDER + "/" + stored.getFileName());
                    g.writeNumberField("bytes", bytes);
                });
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store the upload '" + asked + "' in " + folder, e);
        }
    }

    /** Copies at most {@link #maxBytes}; throws 413 past that. */
    private long copy(InputStream in, Path to) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(to)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(total);
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    /** Moves the complete upload to {@code name}, or to "name (2).ext" and so on if that is taken. */
    private static Path place(Path partial, Path folder, String name) throws IOException {
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int i = 1; ; i++) {
            Path target = folder.resolve(i == 1 ? name : stem + " (" + i + ")" + extension);
            try {
                Files.createFile(target); // claims the name; two uploads of one name cannot both get it
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }

    /** The last segment of {@code name}, with only letters, digits and {@code . _ - ( ) space}, not hidden. */
    static String safeName(String name) {
        String last = name.replace('\\', '/');
        last = last.substring(last.lastIndexOf('/') + 1);
        String safe = last.replaceAll("[^\\p{L}\\p{N}._() -]", "_").replaceAll("^[.\\s]+", "").strip();
        if (safe.length() > MAX_NAME) {
            int dot = safe.lastIndexOf('.');
            String extension = dot > 0 && safe.length() - dot <= 10 ? safe.substring(dot) : "";
            safe = safe.substring(0, MAX_NAME - extension.length()) + extension;
        }
        return safe.isEmpty() ? "upload" : safe;
    }

    private ApiException tooLarge(long bytes) {
        return new ApiException(413, "too_large", String.format(Locale.ROOT, "The file has %,d bytes; uploads hold "
                + "at most %,d (server.max-upload-bytes). Send a smaller file, or a part of it.", bytes, maxBytes),
                false, 0);
    }
}
