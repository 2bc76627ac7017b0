/**
 * The cluster store: PostgreSQL through a HikariCP pool, shared by every Tether node. Writers to one
 * conversation take turns on its row lock, so nodes never hand out the same event position or store a
 * user message twice.
 */
package dev.tether.store.postgres;
