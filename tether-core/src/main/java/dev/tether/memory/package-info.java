/**
 * Long-term memory: turns that no longer fit the context budget are summarised by the model into
 * {@code MEMORY.md} on a background virtual thread. The conversation never waits for it.
 */
package dev.tether.memory;
