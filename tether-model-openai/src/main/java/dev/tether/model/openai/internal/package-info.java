/**
 * The machinery behind {@link dev.tether.model.openai.OpenAiChatModel}: the bridge from LangChain4j's
 * streaming callbacks to Tether's blocking call, an HTTP client that lets one call abort its own stream, and
 * the mapping of failures to {@link dev.tether.api.model.ModelException}s. Not an API: it may change at any time.
 */
package dev.tether.model.openai.internal;
