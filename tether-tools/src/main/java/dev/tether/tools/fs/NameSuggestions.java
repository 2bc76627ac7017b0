package dev.tether.tools.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the "Did you mean ...?" hint for a path that does not exist, from the names in its parent
 * directory. Looks at no more than {@value #MAX_SCANNED} entries so a huge directory stays cheap.
 */
final class NameSuggestions {
    static final int MAX_SCANNED = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(NameSuggestions.class);
    private static final int MAX_SUGGESTED = 3;

    private NameSuggestions() {
    }

    /** A hint for the missing {@code target}, e.g. {@code Did you mean 'notes.md'?}. */
    static String hintFor(ResolvedPath target, WorkspacePaths paths) {
        Path parent = target.path().getParent();
        String parentShown = paths.shown(parent);
        if (!Files.isDirectory(parent)) {
            return "The directory '" + parentShown + "' does not exist either; use list_dir on '.' to see what"
                    + " exists.";
        }
        String prefix = parentShown.equals(".") ? "" : parentShown + "/";
        List<String> close = closest(target.path().getFileName().toString(), namesIn(parent));
        if (close.isEmpty()) {
            return "No similar names in '" + parentShown + "'; use list_dir to see what exists there.";
        }
        if (close.size() == 1) {
            return "Did you mean '" + prefix + close.get(0) + "'?";
        }
        return "Did you mean one of: " + String.join(", ", close.stream().map(n -> "'" + prefix + n + "'")
                .toList()) + "?";
    }

    /** The names most like {@code wanted}, best first; empty when nothing is close enough. */
    static List<String> closest(String wanted, List<String> names) {
        String w = wanted.toLowerCase(Locale.ROOT);
        int threshold = Math.max(2, w.length() / 3);
        record Scored(String name, int score) {
        }
        return names.stream()
                .map(n -> new Scored(n, score(w, n.toLowerCase(Locale.ROOT))))
                .filter(s -> s.score() <= threshold)
                .sorted(Comparator.comparingInt(Scored::score).thenComparing(Scored::name))
                .limit(MAX_SUGGESTED)
                .map(Scored::name)
                .toList();
    }

    private static int score(String wanted, String name) {
        if (stem(wanted).equals(stem(name))) {
            return 0; // 'notes' for 'notes.md', 'README' for 'readme.txt': the likeliest intent
        }
        return distance(wanted, name);
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static List<String> namesIn(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.limit(MAX_SCANNED).map(p -> p.getFileName().toString()).toList();
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("Cannot list {} for name suggestions", directory, e);
            return List.of(); // a hint is best effort; the caller's failure message already says what failed
        }
    }
}
