package dev.tether.store.sqlite;

import dev.tether.store.ConversationStore;
import dev.tether.testkit.store.ConversationTitleSearchContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Finding conversations by title on a SQLite file. */
class SqliteConversationTitleSearchTest extends ConversationTitleSearchContract {
    @TempDir
    Path dir;

    @Override
    protected ConversationStore openStore() {
        return SqliteConversationStore.open(dir.resolve("tether.db"));
    }
}
