/**
 * The {@link dev.tether.store.ConversationStore} contract suite: every store implementation (SQLite,
 * PostgreSQL, and any later one) extends {@link dev.tether.testkit.store.ConversationStoreContract}.
 */
package dev.tether.testkit.store;
