package dev.tether.store.sqlite;

import dev.tether.store.ConversationStore;
import dev.tether.testkit.store.ThinkingContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Thinking on a SQLite file. */
class SqliteThinkingTest extends ThinkingContract {
    @TempDir
    Path dir;

    @Override
    protected ConversationStore openStore() {
        return SqliteConversationStore.open(dir.resolve("tether.db"));
    }
}
