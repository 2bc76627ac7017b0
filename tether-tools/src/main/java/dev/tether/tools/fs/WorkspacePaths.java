package dev.tether.tools.fs;

import dev.tether.tools.ToolFailureException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves paths written by the model against one workspace root and refuses any that would leave it.
 *
 * <p>Refused, before any file is opened: paths that climb out with {@code ..}, absolute paths outside the
 * root, and paths whose nearest existing ancestor (or the target itself) is a symbolic link that resolves
 * outside the root, so writing a new file through a symlinked directory is refused too. Dangling symbolic
 * links are refused because their target cannot be checked. Refusals are {@link ToolFailureException}s
 * written for the model.
 *
 * <p>Limits: the check and the later I/O are not atomic, so a process that swaps a directory for a symbolic
 * link in between could still redirect the I/O; tools open the final component with
 * {@link LinkOption#NOFOLLOW_LINKS} to narrow that window. Hard links cannot be told apart from ordinary files
 * and are followed. Immutable and thread-safe.
 */
public final class WorkspacePaths {
    private final Path root;
    private final Path given;

    private WorkspacePaths(Path root, Path given) {
        this.root = root;
        this.given = given;
    }

    /** Opens a workspace; fails if the directory does not exist. */
    public static WorkspacePaths of(Path workspace) {
        Path given = workspace.toAbsolutePath().normalize();
        try {
            Path real = given.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new ToolFailureException("The workspace is not a directory: " + given,
                        "Ask the user to fix the workspace setting; file tools cannot run without it.");
            }
            return new WorkspacePaths(real, given);
        } catch (IOException e) {
            throw new ToolFailureException("The workspace directory is missing: " + given + " (" + e + ")",
                    "Ask the user to create it or fix the workspace setting.", e);
        }
    }

    /** The real path of the workspace root. */
    public Path root() {
        return root;
    }

    /** Resolves {@code userPath} (relative to the root, or absolute inside it) or throws a refusal. */
    public ResolvedPath resolve(String userPath) {
        Path candidate = lexical(userPath);
        String shown = shown(candidate);
        Path existing = candidate;
        Deque<Path> rest = new ArrayDeque<>();
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            rest.push(existing.getFileName());
            existing = existing.getParent(); // terminates: the root exists
        }
        Path real = realPath(existing, userPath);
        if (!real.startsWith(root)) {
            throw new ToolFailureException("Path '" + userPath + "' leads outside the workspace through a "
                    + "symbolic link (to " + real + ")",
                    "Symbolic links may only point inside the workspace; use a path that stays inside it.");
        }
        for (Path part : rest) {
            real = real.resolve(part);
        }
        return new ResolvedPath(real, shown);
    }

    /** A path under the root as the model should see it, e.g. {@code docs/notes.md}. */
    public String shown(Path underRoot) {
        String relative = root.relativize(underRoot).toString().replace('\\', '/');
        return relative.isEmpty() ? "." : relative;
    }

    private Path lexical(String userPath) {
        if (userPath.isBlank()) {
            throw new ToolFailureException("The path is empty", "Use '.' for the workspace root.");
        }
        Path path;
        try {
            path = Path.of(userPath);
        } catch (InvalidPathException e) {
            throw new ToolFailureException("Invalid path '" + userPath + "': " + e.getReason(),
                    "Use a plain relative path such as 'notes/todo.md'.", e);
        }
        Path candidate;
        if (!path.isAbsolute()) {
            candidate = root.resolve(path).normalize();
        } else if (path.normalize().startsWith(given)) {
            candidate = root.resolve(given.relativize(path.normalize()));
        } else {
            candidate = path.normalize();
        }
        if (!candidate.startsWith(root)) {
            throw new ToolFailureException("Path '" + userPath + "' is outside the workspace",
                    "Use a path relative to the workspace root, such as 'notes.md'; '..' cannot leave it.");
        }
        return candidate;
    }

    private static Path realPath(Path existing, String userPath) {
        try {
            return existing.toRealPath();
        } catch (NoSuchFileException e) {
            throw new ToolFailureException("Path '" + userPath + "' goes through a symbolic link whose target "
                    + "does not exist", "Use a path that does not go through a broken symbolic link.", e);
        } catch (IOException e) {
            throw new ToolFailureException("Cannot check path '" + userPath + "': " + e,
                    "Check the path with list_dir.", e);
        }
    }
}
