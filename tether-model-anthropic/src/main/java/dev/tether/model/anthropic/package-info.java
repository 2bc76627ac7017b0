/**
 * The {@code anthropic} model provider: a {@link dev.tether.api.model.ChatModel} for the Anthropic Messages
 * API. Built on {@code tether-model-langchain4j}; only the choice of LangChain4j's Anthropic model, the default
 * output limit and the mapping of Anthropic's stream errors live here.
 */
package dev.tether.model.anthropic;
