/**
 * The machinery behind {@link dev.tether.model.langchain4j.LangChainChatModel}: the bridge from LangChain4j's
 * streaming callbacks to Tether's blocking call, an HTTP client that lets one call abort its own stream, the
 * per-model transport that {@code close()} shuts down, and the mapping of failures to
 * {@link dev.tether.api.model.ModelException}s. Not an API: public only for the package above, and it may
 * change at any time.
 */
package dev.tether.model.langchain4j.internal;
