/**
 * The storage contract: conversations, their messages and their event log. Implementations (SQLite embedded,
 * PostgreSQL for clusters) live in {@code tether-store-jdbc} and all pass one contract test suite in the
 * test kit. Writes return only once durable; reads are paged, never "load everything".
 */
package dev.tether.store;
