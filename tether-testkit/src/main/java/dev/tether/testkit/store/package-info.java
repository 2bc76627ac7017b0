/**
 * The store contract suites: every store implementation (SQLite, PostgreSQL, and any later one) extends
 * {@link dev.tether.testkit.store.ConversationStoreContract} and {@link dev.tether.testkit.store.AccessStoreContract}.
 */
package dev.tether.testkit.store;
