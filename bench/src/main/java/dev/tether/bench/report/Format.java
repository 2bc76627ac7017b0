package dev.tether.bench.report;

import java.util.Locale;

/** Number formatting for the Markdown report: thousands separators, few decimals. */
public final class Format {
    private Format() {
    }

    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%,.1f", v);
        }
        if (a >= 0.1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    public static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    public static double kib(long bytes) {
        return bytes / 1024.0;
    }

    public static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
