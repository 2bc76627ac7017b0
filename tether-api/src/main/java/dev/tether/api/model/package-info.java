/**
 * The model interface every provider implements: a streaming chat call with tool calls, cancellation and
 * typed errors that say whether a retry can help. Providers are found with {@link java.util.ServiceLoader}
 * through {@link dev.tether.api.model.ModelProvider}; nothing here depends on a particular HTTP client.
 */
package dev.tether.api.model;
