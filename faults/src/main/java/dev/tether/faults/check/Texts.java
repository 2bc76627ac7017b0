package dev.tether.faults.check;

/** Short descriptions of how two texts differ, for anomaly messages. */
final class Texts {
    private Texts() {
    }

    /** "('Hello wor' , 11 chars) differs at index 9 from ('Hello there', 11 chars)" style, without the tail. */
    static String difference(String actual, String expected) {
        int i = 0;
        int n = Math.min(actual.length(), expected.length());
        while (i < n && actual.charAt(i) == expected.charAt(i)) {
            i++;
        }
        if (i == n && actual.length() == expected.length()) {
            return "'" + clip(actual, 0) + "' (" + actual.length() + " chars, same text) with a different status from";
        }
        return "'" + clip(actual, i) + "' (" + actual.length() + " chars), first difference at index " + i
                + " where it has '" + clip(actual.substring(Math.min(i, actual.length())), 0) + "' and the other '"
                + clip(expected.substring(Math.min(i, expected.length())), 0) + "' (" + expected.length()
                + " chars), compared with";
    }

    private static String clip(String s, int around) {
        int from = Math.max(0, around - 12);
        String part = s.substring(Math.min(from, s.length()), Math.min(s.length(), from + 24));
        return (from > 0 ? "..." : "") + part.replace("\n", "\\n") + (from + 24 < s.length() ? "..." : "");
    }
}
