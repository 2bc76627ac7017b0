/**
 * The storage contracts: conversations with their messages and event log ({@link dev.tether.store.ConversationStore}),
 * and the users and access tokens that decide who may see them ({@link dev.tether.store.AccessStore}).
 * Implementations (SQLite embedded, PostgreSQL for clusters) live in {@code tether-store-jdbc} and pass the contract
 * test suites in the test kit. Writes return only once durable; conversation reads are paged, never "load everything".
 */
package dev.tether.store;
