/**
 * A fake OpenAI-compatible model server built for load: every stream on one thread, chunks stamped with
 * their emission time.
 */
package dev.tether.bench.model;
