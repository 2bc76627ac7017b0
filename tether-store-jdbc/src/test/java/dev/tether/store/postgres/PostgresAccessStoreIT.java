package dev.tether.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.store.AccessStore;
import dev.tether.store.AlreadyExistsException;
import dev.tether.store.IssuedToken;
import dev.tether.store.TokenOwner;
import dev.tether.store.jdbc.DatabaseText;
import dev.tether.testkit.store.AccessStoreContract;
import dev.tether.testkit.store.Concurrently;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The access contract against a real PostgreSQL (zonky, one server per class, a new schema per test). */
class PostgresAccessStoreIT extends AccessStoreContract {
    private String schema;
    private String jdbcUrl;

    private PostgresOptions options() {
        return PostgresOptions.defaults().withMaxPoolSize(8).withClock(clock);
    }

    @Override
    protected AccessStore openStore() {
        schema = TestPostgres.freshSchema("tether_access_");
        jdbcUrl = TestPostgres.jdbcUrl(schema);
        return PostgresConversationStore.open(jdbcUrl, "postgres", "", options());
    }

    @Override
    protected AccessStore reopenStore() {
        return PostgresConversationStore.open(jdbcUrl, "postgres", "", options());
    }

    @Override
    protected List<String> storedText() throws SQLException {
        try (Connection c = TestPostgres.server().getPostgresDatabase().getConnection()) {
            return DatabaseText.all(c, schema);
        }
    }

    @Test
    void twoNodesSeeEachOthersUsersTokensAndRevocations() throws Exception {
        try (AccessStore otherNode = reopenStore()) {
            List<AccessStore> nodes = List.of(store, otherNode);
            List<Boolean> created = Concurrently.run(8, i -> {
                try {
                    nodes.get(i % 2).createUser("ada");
                    return true;
                } catch (AlreadyExistsException e) {
                    return false;
                }
            });
            IssuedToken token = otherNode.createToken("ada", "laptop");

            assertThat(created).containsOnlyOnce(true);
            assertThat(store.authenticate(token.secret())).contains(new TokenOwner("ada", token.id()));
            assertThat(otherNode.revokedAmong(List.of(token.id()))).isEmpty();
            assertThat(store.revoke(token.id())).isTrue();
            assertThat(otherNode.authenticate(token.secret())).isEqualTo(Optional.empty());
            assertThat(otherNode.revokedAmong(List.of(token.id()))).containsExactly(token.id());
        }
    }
}
