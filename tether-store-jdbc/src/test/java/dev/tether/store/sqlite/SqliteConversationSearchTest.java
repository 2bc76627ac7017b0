package dev.tether.store.sqlite;

import dev.tether.store.ConversationStore;
import dev.tether.testkit.store.ConversationSearchContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Finding conversations by title and message text on a SQLite file. */
class SqliteConversationSearchTest extends ConversationSearchContract {
    @TempDir
    Path dir;

    @Override
    protected ConversationStore openStore() {
        return SqliteConversationStore.open(dir.resolve("tether.db"), SqliteOptions.defaults().withClock(clock));
    }

    @Override
    protected boolean ignoresCaseOfAllLetters() {
        return false; // SQLite's lower() folds ASCII letters only
    }
}
