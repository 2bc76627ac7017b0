package dev.tether.testkit.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the store contracts share: each test gets a store on a new, empty database, closed after it.
 *
 * @param <S> the store interface the contract is about
 */
public abstract class StoreContract<S extends AutoCloseable> {
    protected S store;

    /** A store on a new, empty database. */
    protected abstract S openStore();

    @BeforeEach
    void openFreshStore() {
        store = openStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }
}
