package dev.tether.store.sqlite;

import dev.tether.store.ConversationStore;
import dev.tether.testkit.store.EditedQuestionContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Edited questions on a SQLite file. */
class SqliteEditedQuestionTest extends EditedQuestionContract {
    @TempDir
    Path dir;

    @Override
    protected ConversationStore openStore() {
        return SqliteConversationStore.open(dir.resolve("tether.db"));
    }
}
