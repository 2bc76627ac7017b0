/**
 * The embedded default store: one SQLite file in WAL mode whose WAL is synced to disk before a write returns,
 * so an acknowledged write survives a crash or power loss. Writes go through one connection in turn, committed
 * in groups; reads use a small pool of their own connections and do not wait for writes.
 */
package dev.tether.store.sqlite;
