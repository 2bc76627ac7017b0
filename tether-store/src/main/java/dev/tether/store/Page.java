package dev.tether.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of a paged read; {@code next} is the opaque cursor for the following page, empty on the last. */
public record Page<T>(List<T> items, Optional<String> next) {
    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
    }
}
