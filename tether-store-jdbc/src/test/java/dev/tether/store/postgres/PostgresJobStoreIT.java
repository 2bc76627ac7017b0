package dev.tether.store.postgres;

import dev.tether.store.ConversationStore;
import dev.tether.testkit.store.JobStoreContract;

/** The job-store contract against a real PostgreSQL (zonky, one server per class, a new schema per test). */
class PostgresJobStoreIT extends JobStoreContract {
    private String jdbcUrl;

    private PostgresOptions options() {
        return PostgresOptions.defaults().withMaxPoolSize(8).withClock(clock);
    }

    @Override
    protected ConversationStore openStore() {
        jdbcUrl = TestPostgres.jdbcUrl(TestPostgres.freshSchema("tether_jobs_"));
        return PostgresConversationStore.open(jdbcUrl, "postgres", "", options());
    }

    @Override
    protected ConversationStore reopenStore() {
        return PostgresConversationStore.open(jdbcUrl, "postgres", "", options());
    }
}
