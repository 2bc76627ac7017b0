/**
 * What every LangChain4j-based model provider shares: {@link dev.tether.model.langchain4j.LangChainChatModel}
 * streams with abort, a first-token watchdog, {@code Retry-After} and error mapping, and releases its HTTP client
 * on close; a provider supplies only a {@link dev.tether.model.langchain4j.LangChainBackend} that builds its
 * LangChain4j model. LangChain4j types appear here and in providers, never in {@code tether-api}.
 */
package dev.tether.model.langchain4j;
