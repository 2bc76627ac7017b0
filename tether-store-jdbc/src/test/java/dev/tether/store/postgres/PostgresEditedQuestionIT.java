package dev.tether.store.postgres;

import dev.tether.store.ConversationStore;
import dev.tether.testkit.store.EditedQuestionContract;

/** Edited questions on a real PostgreSQL. */
class PostgresEditedQuestionIT extends EditedQuestionContract {
    @Override
    protected ConversationStore openStore() {
        String jdbcUrl = TestPostgres.jdbcUrl(TestPostgres.freshSchema("tether_edits_"));
        return PostgresConversationStore.open(jdbcUrl, "postgres", "", PostgresOptions.defaults().withMaxPoolSize(4));
    }
}
