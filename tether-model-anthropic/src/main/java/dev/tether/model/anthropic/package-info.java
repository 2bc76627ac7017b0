/**
 * The {@code anthropic} model provider: a {@link dev.tether.api.model.ChatModel} for the Anthropic Messages
 * API. Built on LangChain4j, whose types stay inside the {@code internal} package.
 */
package dev.tether.model.anthropic;
