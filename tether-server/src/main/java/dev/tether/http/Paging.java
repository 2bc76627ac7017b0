package dev.tether.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tether.store.ConversationStore;
import dev.tether.store.Page;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code cursor} and {@code limit} query parameters of paged routes. {@code limit} is 1..500 (default 50);
 * {@code cursor} is opaque, from a previous page's {@code next}; an empty one means the first page.
 */
final class Paging {
    static final int DEFAULT_LIMIT = 50;

    private Paging() {
    }

    static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw badLimit(raw);
        }
        if (limit < 1 || limit > ConversationStore.MAX_PAGE) {
            throw badLimit(raw);
        }
        return limit;
    }

    private static ApiException badLimit(String raw) {
        return ApiException.invalid("Query parameter 'limit' must be a whole number from 1 to "
                + ConversationStore.MAX_PAGE + " but was '" + raw + "'.");
    }

    static Optional<String> cursor(Context ctx) {
        return Optional.ofNullable(ctx.queryParam("cursor")).filter(c -> !c.isEmpty());
    }

    /** Runs a paged store read; the store's refusal of a cursor (with its reason) becomes a 400. */
    static <T> Page<T> read(Supplier<Page<T>> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("Query parameter 'cursor' was refused: " + e.getMessage());
        }
    }

    static void writeNext(JsonGenerator g, Page<?> page) throws IOException {
        if (page.next().isPresent()) {
            g.writeStringField("next", page.next().get());
        }
    }
}
