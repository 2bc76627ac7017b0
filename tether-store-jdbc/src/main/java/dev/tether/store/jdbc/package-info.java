/**
 * The SQL shared by the SQLite and PostgreSQL conversation stores: one schema shape, one set of JDBI
 * statements, and the locking that keeps user appends idempotent and event positions gap-free. The
 * dialect packages only supply connections, migrations and the row-lock statement.
 */
package dev.tether.store.jdbc;
