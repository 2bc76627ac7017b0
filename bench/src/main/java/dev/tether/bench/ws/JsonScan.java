package dev.tether.bench.ws;

/**
 * Reads top-level fields of the server's frames without building a tree: the first {@code "name":} in the
 * text. Sound for Tether's frames because the server writes the fields this reads before any nested object,
 * and a name inside a string value is escaped ({@code \"name\":}) so it cannot match.
 */
public final class JsonScan {
    private JsonScan() {
    }

    /** The string value of {@code field}, unescaped, or null if absent (or not a string). */
    public static String str(String json, String field) {
        int i = valueStart(json, field);
        if (i < 0 || i >= json.length() || json.charAt(i) != '"') {
            return null;
        }
        StringBuilder out = null;
        for (int j = i + 1; j < json.length(); j++) {
            char c = json.charAt(j);
            if (c == '"') {
                return out == null ? json.substring(i + 1, j) : out.toString();
            }
            if (c == '\\') {
                if (out == null) {
                    out = new StringBuilder(json.substring(i + 1, j));
                }
                char e = json.charAt(++j);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(json.substring(j + 1, j + 5), 16));
                        j += 4;
                    }
                    default -> out.append(e);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        throw new IllegalArgumentException("Unterminated string for '" + field + "' in " + json);
    }

    /** The integer value of {@code field}, or {@code absent}. */
    public static long num(String json, String field, long absent) {
        int i = valueStart(json, field);
        if (i < 0) {
            return absent;
        }
        int j = i;
        if (j < json.length() && json.charAt(j) == '-') {
            j++;
        }
        while (j < json.length() && Character.isDigit(json.charAt(j))) {
            j++;
        }
        return j == i ? absent : Long.parseLong(json, i, j, 10);
    }

    /** The boolean value of {@code field}; false when absent. */
    public static boolean bool(String json, String field) {
        int i = valueStart(json, field);
        return i >= 0 && json.startsWith("true", i);
    }

    private static int valueStart(String json, String field) {
        String key = "\"" + field + "\":";
        int i = json.indexOf(key);
        if (i < 0) {
            return -1;
        }
        i += key.length();
        while (i < json.length() && json.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
