package dev.tether.tools.fs;

import dev.tether.tools.ToolFailureException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Finds where {@code old_text} occurs and explains to the model why an edit could not be placed. */
final class Occurrences {
    private static final int MAX_LINES_LISTED = 5;

    private Occurrences() {
    }

    /** Start offsets of every occurrence, overlapping ones included. */
    static List<Integer> find(String text, String needle) {
        List<Integer> starts = new ArrayList<>();
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            starts.add(i);
        }
        return starts;
    }

    /** 1-based line number of a character offset. */
    static long lineOf(String text, int offset) {
        return text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }

    /** The failure for zero or several occurrences. */
    static ToolFailureException failure(String shown, String text, String needle, List<Integer> starts) {
        if (starts.isEmpty()) {
            return new ToolFailureException("old_text occurs 0 times in '" + shown + "'", notFoundHint(text, needle));
        }
        String lines = starts.stream().limit(MAX_LINES_LISTED).map(s -> String.valueOf(lineOf(text, s)))
                .collect(Collectors.joining(", "));
        String more = starts.size() > MAX_LINES_LISTED ? ", ..." : "";
        return new ToolFailureException("old_text occurs " + starts.size() + " times in '" + shown + "' (at lines "
                + lines + more + ")", "Include more surrounding lines in old_text so that it matches exactly one"
                + " place, or make several edits, one per occurrence.");
    }

    private static String notFoundHint(String text, String needle) {
        if (squash(text).contains(squash(needle))) {
            return "The text is there but its whitespace differs (indentation, tabs or line breaks); copy old_text"
                    + " exactly from read_file output.";
        }
        String firstLine = needle.strip().lines().findFirst().orElse("").strip();
        if (!firstLine.isEmpty() && text.contains(firstLine)) {
            return "The first line of old_text is at line " + lineOf(text, text.indexOf(firstLine))
                    + " but the following lines differ; read the file again and copy old_text exactly.";
        }
        return "Read the file with read_file and copy old_text exactly, including whitespace.";
    }

    private static String squash(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}
