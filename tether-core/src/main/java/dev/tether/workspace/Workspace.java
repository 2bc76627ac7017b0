package dev.tether.workspace;

import dev.tether.api.TetherException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A workspace directory. Reading persona and memory is cheap and safe from any thread; memory appends are
 * serialised within the process and replace the file atomically, so a crash never leaves half a file.
 *
 * <p>Every turn's system prompt reads these files, so their text is kept and read again only when the file
 * changed: one {@code stat} per file and turn instead of reading it (its inode, size and modification time;
 * an edit in place that keeps all three, within the file system's time granularity, is seen at the next
 * change). Editing a file takes effect at the next turn.
 */
public final class Workspace {
    /** Persona files, in the order they are put into the system prompt. */
    public static final List<String> PERSONA_FILES = List.of("AGENTS.md", "SOUL.md", "USER.md");
    /** The persona files a user's workspace takes from the shared one while it has none of its own. */
    public static final List<String> SHARED_PERSONA_FILES = List.of("AGENTS.md", "SOUL.md");
    public static final String MEMORY_FILE = "MEMORY.md";
    /** What the user told the assistant about themselves: a persona file of their own. */
    public static final String USER_FILE = "USER.md";
    /** The most of a persona file a system prompt takes; longer files are cut. */
    public static final int MAX_PERSONA_FILE_CHARS = 16_000;

    private final Path root;
    private final Optional<Workspace> shared;
    private final ReentrantLock memoryLock = new ReentrantLock();
    private final ConcurrentHashMap<String, Cached> texts = new ConcurrentHashMap<>();

    /** A file's text as read, and what identified the file then. */
    private record Cached(Object key, long size, FileTime modified, String text) {
        boolean matches(BasicFileAttributes a) {
            return Objects.equals(key, a.fileKey()) && size == a.size() && modified.equals(a.lastModifiedTime());
        }
    }

    public Workspace(Path root) {
        this(root, Optional.empty());
    }

    private Workspace(Path root, Optional<Workspace> shared) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.shared = shared;
    }

    /**
     * A user's own workspace at {@code root}: its own {@code USER.md}, {@code MEMORY.md} and files, and the
     * {@link #SHARED_PERSONA_FILES} of {@code shared} for as long as it has none of its own.
     */
    public static Workspace ofUser(Path root, Workspace shared) {
        return new Workspace(root, Optional.of(shared));
    }

    public Path root() {
        return root;
    }

    /**
     * Creates the directory and any missing template file (for a user's workspace, only {@code USER.md} and
     * {@code MEMORY.md}: the rest comes from the shared one); returns the files it created.
     */
    public List<Path> initialise() {
        List<Path> created = new ArrayList<>();
        try {
            Files.createDirectories(root);
            for (String name : allFiles()) {
                if (shared.isPresent() && SHARED_PERSONA_FILES.contains(name)) {
                    continue;
                }
                Path file = root.resolve(name);
                if (Files.notExists(file)) {
                    Files.writeString(file, template(name));
                    created.add(file);
                }
            }
        } catch (IOException e) {
            throw new TetherException("Cannot create the workspace at " + root + ": " + e.getMessage()
                    + ". Check permissions, or set \"workspace\" in config.json to a writable directory.", e);
        }
        return created;
    }

    /** The persona files' text, each under its file name; missing files are skipped. */
    public String persona() {
        StringBuilder out = new StringBuilder();
        for (String name : PERSONA_FILES) {
            String text = read(name).strip();
            if (text.isEmpty() && shared.isPresent() && SHARED_PERSONA_FILES.contains(name)) {
                text = shared.get().read(name).strip();
            }
            if (!text.isEmpty()) {
                out.append("## ").append(name).append("\n\n").append(truncate(text, MAX_PERSONA_FILE_CHARS)).append("\n\n");
            }
        }
        return out.toString().strip();
    }

    /** The newest {@code maxChars} characters of MEMORY.md (memory grows at the end). */
    public String memory(int maxChars) {
        String text = read(MEMORY_FILE).strip();
        if (text.length() <= maxChars) {
            return text;
        }
        return "[older memory omitted]\n" + text.substring(text.length() - maxChars);
    }

    /** Appends a section to MEMORY.md, atomically. */
    public void appendMemory(String section) {
        memoryLock.lock();
        try {
            String current = read(MEMORY_FILE);
            replace(MEMORY_FILE, (current.isEmpty() || current.endsWith("\n") ? current : current + "\n")
                    + "\n" + section.strip() + "\n");
        } finally {
            memoryLock.unlock();
        }
    }

    /** MEMORY.md as it is (empty if missing). */
    public String memoryText() {
        return read(MEMORY_FILE);
    }

    /** Puts MEMORY.md back to its template: everything summarised into it is forgotten. Atomic. */
    public void clearMemory() {
        memoryLock.lock();
        try {
            replace(MEMORY_FILE, templateText(MEMORY_FILE));
        } finally {
            memoryLock.unlock();
        }
    }

    /** USER.md as it is (empty if missing): what the user told the assistant about themselves. */
    public String aboutUser() {
        return read(USER_FILE);
    }

    /** Replaces USER.md with {@code text}, atomically; it takes effect at the next turn. */
    public void writeAboutUser(String text) {
        replace(USER_FILE, text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
    }

    /** Writes {@code name} whole through a temporary file, so a crash never leaves half of it. */
    private void replace(String name, String text) {
        Path file = root.resolve(name);
        try {
            Files.createDirectories(root);
            Path tmp = Files.createTempFile(root, "." + name, ".tmp");
            Files.writeString(tmp, text);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new TetherException("Cannot update " + file + ": " + e.getMessage()
                    + ". Check that the workspace is writable.", e);
        }
    }

    private static String templateText(String name) {
        try {
            return template(name);
        } catch (IOException e) {
            throw new TetherException("The template of " + name + " is missing from the build: " + e.getMessage(), e);
        }
    }

    private String read(String name) {
        Path file = root.resolve(name);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Cached cached = texts.get(name);
            if (cached != null && cached.matches(attributes)) {
                return cached.text();
            }
            String text = Files.readString(file);
            texts.put(name, new Cached(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime(), text));
            return text;
        } catch (NoSuchFileException e) {
            texts.remove(name);
            return "";
        } catch (IOException e) {
            throw new TetherException("Cannot read " + root.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    private static List<String> allFiles() {
        List<String> all = new ArrayList<>(PERSONA_FILES);
        all.add(MEMORY_FILE);
        return all;
    }

    private static String template(String name) throws IOException {
        try (InputStream in = Workspace.class.getResourceAsStream("/dev/tether/workspace/" + name)) {
            if (in == null) {
                throw new IOException("template " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "\n[truncated]";
    }
}
