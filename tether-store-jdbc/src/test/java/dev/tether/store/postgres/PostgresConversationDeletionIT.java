package dev.tether.store.postgres;

import dev.tether.store.ConversationStore;
import dev.tether.testkit.store.ConversationDeletionContract;

/** Deleting conversations on a real PostgreSQL (zonky, one server per class, a new schema per test). */
class PostgresConversationDeletionIT extends ConversationDeletionContract {
    @Override
    protected ConversationStore openStore() {
        String jdbcUrl = TestPostgres.jdbcUrl(TestPostgres.freshSchema("tether_deletion_"));
        return PostgresConversationStore.open(jdbcUrl, "postgres", "", PostgresOptions.defaults().withMaxPoolSize(8));
    }
}
