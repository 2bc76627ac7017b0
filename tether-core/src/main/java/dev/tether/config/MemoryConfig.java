package dev.tether.config;

/** The {@code memory} section: background summarising into MEMORY.md. */
public record MemoryConfig(boolean enabled, int maxChars) {
    public MemoryConfig {
        Check.range("max-chars", maxChars, 0, 1_000_000);
    }
}
