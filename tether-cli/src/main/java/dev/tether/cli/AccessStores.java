package dev.tether.cli;

import dev.tether.app.Stores;
import dev.tether.config.TetherConfig;
import dev.tether.store.AccessStore;
import dev.tether.store.ConversationStore;
import dev.tether.store.StoreException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Opens the configured store for the user and token commands, and formats their times. */
final class AccessStores {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private AccessStores() {
    }

    /**
     * The configured store (migrated to the current schema), which must also keep users and tokens. The
     * caller closes it.
     *
     * @throws StoreException if it cannot be opened, or keeps only conversations
     */
    static AccessStore open(TetherConfig config) {
        ConversationStore store = Stores.open(config.store());
        try {
            return of(store);
        } catch (StoreException e) {
            store.close();
            throw e;
        }
    }

    /** The same store seen as an {@link AccessStore}; it stays open. */
    static AccessStore of(ConversationStore store) {
        if (store instanceof AccessStore access) {
            return access;
        }
        throw new StoreException("The configured store (" + store.getClass().getSimpleName()
                + ") does not keep users and access tokens. Set store.type to"
                + " \"sqlite\" or \"postgres\" in config.json.");
    }

    /** A time in the local zone to the minute, as in {@code 2026-01-31 14:05}. */
    static String time(Instant instant) {
        return TIME.format(instant);
    }

    static String time(Optional<Instant> instant, String whenEmpty) {
        return instant.map(AccessStores::time).orElse(whenEmpty);
    }
}
