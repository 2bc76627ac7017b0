/**
 * The SQL shared by the SQLite and PostgreSQL stores: one schema shape, one set of JDBI statements, the
 * locking that keeps user appends idempotent and event positions gap-free, and the users and hashed access
 * tokens of {@link dev.tether.store.AccessStore}. The dialect packages only supply connections, migrations
 * and the row-lock statement.
 */
package dev.tether.store.jdbc;
