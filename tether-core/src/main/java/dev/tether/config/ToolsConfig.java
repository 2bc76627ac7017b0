package dev.tether.config;

import java.time.Duration;
import java.util.Objects;

/** The {@code tools} section: which built-in tools are on, and their limits. */
public record ToolsConfig(Files files, Exec exec, WebFetch webFetch) {
    public ToolsConfig {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(exec, "exec");
        Objects.requireNonNull(webFetch, "web-fetch");
    }

    /** read_file, write_file, edit_file, list_dir. */
    public record Files(boolean enabled) { }

    /** exec: off by default. */
    public record Exec(boolean enabled, Duration timeout, int maxOutputChars) {
        public Exec {
            Check.positive("timeout", timeout);
            Check.range("max-output-chars", maxOutputChars, 100, 10_000_000);
        }
    }

    /** web_fetch: on by default, refusing private addresses unless allowed. */
    public record WebFetch(boolean enabled, Duration timeout, long maxBytes, int maxRedirects,
                           boolean allowPrivateAddresses) {
        public WebFetch {
            Check.positive("timeout", timeout);
            Check.range("max-bytes", maxBytes, 1024, 1L << 30);
            Check.range("max-redirects", maxRedirects, 0, 20);
        }
    }
}
