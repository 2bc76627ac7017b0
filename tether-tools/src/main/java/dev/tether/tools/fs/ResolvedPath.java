package dev.tether.tools.fs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A user path that {@link WorkspacePaths} has checked.
 *
 * @param path where to do the I/O: the real path of the nearest existing ancestor (symbolic links resolved,
 *     inside the workspace) followed by the not-yet-existing remainder
 * @param shown the path as the model should see it: relative to the workspace root, with {@code /}
 *     separators, {@code "."} for the root itself
 */
public record ResolvedPath(Path path, String shown) {
    public ResolvedPath {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(shown, "shown");
    }
}
