package dev.tether.faults.server;

import dev.tether.faults.check.StoreContents;
import dev.tether.faults.check.StoredMsg;
import dev.tether.store.Page;
import dev.tether.store.StoredMessage;
import dev.tether.store.sqlite.SqliteConversationStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads every message of the given conversations from the server's SQLite file, after the server stopped. */
public final class StoreReader {
    private StoreReader() {
    }

    public static StoreContents read(Path database, Collection<String> conversations) {
        List<StoredMsg> all = new ArrayList<>();
        try (SqliteConversationStore store = SqliteConversationStore.open(database)) {
            for (String conversation : conversations) {
                Optional<String> cursor = Optional.empty();
                do {
                    Page<StoredMessage> page = store.history(conversation, cursor, 500);
                    page.items().forEach(m -> all.add(convert(m)));
                    cursor = page.next();
                } while (cursor.isPresent());
            }
        }
        return new StoreContents(all);
    }

    private static StoredMsg convert(StoredMessage m) {
        return new StoredMsg(m.id(), m.conversationId(), m.role().name().toLowerCase(Locale.ROOT),
                m.status().name().toLowerCase(Locale.ROOT), m.content(), m.clientMessageId().orElse(""),
                m.replyTo().orElse(0L));
    }
}
