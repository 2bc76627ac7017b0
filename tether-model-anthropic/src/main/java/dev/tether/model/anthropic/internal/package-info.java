/**
 * The machinery behind {@link dev.tether.model.anthropic.AnthropicChatModel}: the bridge from LangChain4j's
 * streaming callbacks to Tether's blocking call, an HTTP client that lets one call abort its own stream, and
 * the mapping of failures to {@link dev.tether.api.model.ModelException}s. Not an API: it may change at any time.
 * The same classes live in the OpenAI provider's internal package until a shared module holds them.
 */
package dev.tether.model.anthropic.internal;
