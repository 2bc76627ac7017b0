package dev.tether.store.postgres;

import dev.tether.store.ConversationStore;
import dev.tether.testkit.store.ConversationSearchContract;

/**
 * Finding conversations by title and message text on a real PostgreSQL (zonky, one server per class, a new schema
 * per test).
 */
class PostgresConversationSearchIT extends ConversationSearchContract {
    @Override
    protected ConversationStore openStore() {
        String jdbcUrl = TestPostgres.jdbcUrl(TestPostgres.freshSchema("tether_msgsearch_"));
        return PostgresConversationStore.open(jdbcUrl, "postgres", "",
                PostgresOptions.defaults().withMaxPoolSize(8).withClock(clock));
    }

    @Override
    protected boolean ignoresCaseOfAllLetters() {
        return true; // lower() folds every letter of the database's UTF-8 locale
    }
}
