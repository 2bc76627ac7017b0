/**
 * Model routing: retries with exponential backoff (honouring {@code Retry-After}) and a fallback chain of
 * models behind one {@link dev.tether.api.model.ChatModel}. Providers themselves live in their own modules.
 */
package dev.tether.model;
