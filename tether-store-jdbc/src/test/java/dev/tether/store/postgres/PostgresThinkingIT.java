package dev.tether.store.postgres;

import dev.tether.store.ConversationStore;
import dev.tether.testkit.store.ThinkingContract;

/** Thinking on a real PostgreSQL. */
class PostgresThinkingIT extends ThinkingContract {
    @Override
    protected ConversationStore openStore() {
        String jdbcUrl = TestPostgres.jdbcUrl(TestPostgres.freshSchema("tether_thinking_"));
        return PostgresConversationStore.open(jdbcUrl, "postgres", "", PostgresOptions.defaults().withMaxPoolSize(4));
    }
}
