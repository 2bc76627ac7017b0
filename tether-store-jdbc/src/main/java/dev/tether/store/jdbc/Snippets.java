package dev.tether.store.jdbc;

import dev.tether.store.MessageMatch;

/**
 * Builds a {@link MessageMatch#snippet()}: up to {@link MessageMatch#SNIPPET_LENGTH} characters of a message around
 * the first occurrence of the search text, whitespace runs collapsed to one space, cut at spaces where one is near,
 * with "…" where the message goes on. Built here rather than in SQL, so both databases show the same snippet.
 */
final class Snippets {
    static final String CUT = "…";
    /** How far a cut may move to land on a space instead of inside a word. */
    private static final int WORD_SLACK = 20;

    private Snippets() {
    }

    /**
     * The snippet of {@code content} for {@code text}. Where the text cannot be found here although the database
     * matched it (letters whose case PostgreSQL folds to more than one character), the snippet is the message's
     * start.
     */
    static String of(String content, String text) {
        int at = indexIgnoringCase(content, text);
        Collapsed c = Collapsed.of(content, Math.max(at, 0), at < 0 ? 0 : text.length());
        String out = c.text();
        int width = MessageMatch.SNIPPET_LENGTH;
        if (out.length() <= width) {
            return out;
        }
        int matched = Math.min(c.end() - c.start(), width);
        int from = Math.max(0, c.start() - (width - matched) / 2);
        int to = Math.min(out.length(), from + width);
        from = Math.max(0, to - width);
        from = startOfWord(out, from, c.start());
        to = endOfWord(out, to, c.end());
        return (from > 0 ? CUT : "") + out.substring(from, to).strip() + (to < out.length() ? CUT : "");
    }

    /**
     * The first index where {@code text} occurs in {@code content}, -1 if none; letters are compared one by one
     * ignoring case, so indexes stay those of {@code content} (lower-casing it first could change its length).
     */
    static int indexIgnoringCase(String content, String text) {
        for (int i = 0; i + text.length() <= content.length(); i++) {
            if (content.regionMatches(true, i, text, 0, text.length())) {
                return i;
            }
        }
        return -1;
    }

    /** Moves a cut start forward to the next word's start, if one begins before the match and near enough. */
    private static int startOfWord(String s, int from, int matchStart) {
        if (from > 0 && s.charAt(from - 1) != ' ') {
            int space = s.indexOf(' ', from);
            if (space >= 0 && space < Math.min(matchStart, from + WORD_SLACK)) {
                from = space + 1;
            }
        }
        return from < s.length() && Character.isLowSurrogate(s.charAt(from)) ? from + 1 : from;
    }

    /** Moves a cut end back to the previous word's end, if one ends after the match and near enough. */
    private static int endOfWord(String s, int to, int matchEnd) {
        if (to < s.length() && s.charAt(to) != ' ') {
            int space = s.lastIndexOf(' ', to - 1);
            if (space > Math.max(matchEnd, to - WORD_SLACK)) {
                to = space;
            }
        }
        return to > 0 && to < s.length() && Character.isHighSurrogate(s.charAt(to - 1)) ? to - 1 : to;
    }

    /** A text with its whitespace runs collapsed and trimmed, and where a range of the original ended up in it. */
    private record Collapsed(String text, int start, int end) {
        static Collapsed of(String content, int matchAt, int matchLength) {
            StringBuilder out = new StringBuilder(Math.min(content.length(), 1 << 16));
            int start = 0;
            int end = -1;
            boolean space = false;
            for (int i = 0; i < content.length(); i++) {
                if (i == matchAt) {
                    start = out.length() + (space && !out.isEmpty() ? 1 : 0);
                }
                if (i == matchAt + matchLength) {
                    end = out.length();
                }
                char ch = content.charAt(i);
                if (Character.isWhitespace(ch)) {
                    space = true;
                    continue;
                }
                if (space && !out.isEmpty()) {
                    out.append(' ');
                }
                space = false;
                out.append(ch);
            }
            int length = out.length();
            start = Math.min(start, length);
            end = end < 0 ? length : Math.max(start, end);
            return new Collapsed(out.toString(), start, end);
        }
    }
}
