package dev.tether.app;

import dev.tether.config.StoreConfig;
import dev.tether.store.ConversationStore;
import dev.tether.store.postgres.PostgresConversationStore;
import dev.tether.store.sqlite.SqliteConversationStore;

/** Opens the configured store (and runs its migrations). */
public final class Stores {
    private Stores() {
    }

    public static ConversationStore open(StoreConfig config) {
        return switch (config.type()) {
            case SQLITE -> SqliteConversationStore.open(config.path());
            case POSTGRES -> PostgresConversationStore.open(config.url(), config.user(), config.password());
        };
    }

    /** Where the store lives, for messages: the SQLite file or the JDBC URL. */
    public static String describe(StoreConfig config) {
        return switch (config.type()) {
            case SQLITE -> "SQLite " + config.path();
            case POSTGRES -> "PostgreSQL " + config.url();
        };
    }
}
