package dev.tether.store.postgres;

import dev.tether.store.ConversationStore;
import dev.tether.testkit.store.MessageChangesContract;

/** Message versions and changes on a real PostgreSQL; the second node is a second store on the same schema. */
class PostgresMessageChangesIT extends MessageChangesContract {
    private String jdbcUrl;

    private static PostgresOptions options() {
        return PostgresOptions.defaults().withMaxPoolSize(8);
    }

    @Override
    protected ConversationStore openStore() {
        jdbcUrl = TestPostgres.jdbcUrl(TestPostgres.freshSchema("tether_changes_"));
        return PostgresConversationStore.open(jdbcUrl, "postgres", "", options());
    }

    @Override
    protected ConversationStore openSecondNode() {
        return PostgresConversationStore.open(jdbcUrl, "postgres", "", options());
    }
}
