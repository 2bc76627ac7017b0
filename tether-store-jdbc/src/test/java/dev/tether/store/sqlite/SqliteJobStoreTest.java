package dev.tether.store.sqlite;

import dev.tether.store.ConversationStore;
import dev.tether.testkit.store.JobStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The job-store contract on a SQLite file. */
class SqliteJobStoreTest extends JobStoreContract {
    @TempDir
    Path dir;

    @Override
    protected ConversationStore openStore() {
        return SqliteConversationStore.open(dir.resolve("tether.db"), SqliteOptions.defaults().withClock(clock));
    }

    @Override
    protected ConversationStore reopenStore() {
        return openStore();
    }
}
