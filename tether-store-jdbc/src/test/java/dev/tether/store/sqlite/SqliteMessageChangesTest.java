package dev.tether.store.sqlite;

import dev.tether.store.ConversationStore;
import dev.tether.testkit.store.MessageChangesContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Message versions and changes on a SQLite file; the second node is a second store on the same file. */
class SqliteMessageChangesTest extends MessageChangesContract {
    @TempDir
    Path dir;

    @Override
    protected ConversationStore openStore() {
        return SqliteConversationStore.open(dir.resolve("tether.db"));
    }

    @Override
    protected ConversationStore openSecondNode() {
        return SqliteConversationStore.open(dir.resolve("tether.db"));
    }
}
