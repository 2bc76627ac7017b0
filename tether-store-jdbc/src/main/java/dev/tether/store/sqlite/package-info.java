/**
 * The embedded default store: one SQLite file in WAL mode with {@code synchronous=FULL}, so an
 * acknowledged write survives a crash or power loss. Writes go through one connection in turn; reads use
 * a small pool of their own connections and do not wait for writes.
 */
package dev.tether.store.sqlite;
