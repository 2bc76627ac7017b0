package dev.tether.store.postgres;

import dev.tether.store.ConversationStore;
import dev.tether.testkit.store.ConversationTitleSearchContract;

/** Finding conversations by title on a real PostgreSQL (zonky, one server per class, a new schema per test). */
class PostgresConversationTitleSearchIT extends ConversationTitleSearchContract {
    @Override
    protected ConversationStore openStore() {
        String jdbcUrl = TestPostgres.jdbcUrl(TestPostgres.freshSchema("tether_search_"));
        return PostgresConversationStore.open(jdbcUrl, "postgres", "", PostgresOptions.defaults().withMaxPoolSize(8));
    }
}
