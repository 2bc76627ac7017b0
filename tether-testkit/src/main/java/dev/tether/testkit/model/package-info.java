/**
 * Fake model servers that speak the OpenAI and Anthropic wire protocols over real HTTP on loopback, the
 * provider-neutral {@link dev.tether.testkit.model.Script}s they play, and
 * {@link dev.tether.testkit.model.ChatModelContract}, the abstract test every {@code ChatModel} extends.
 * Tests use them to drive streaming, tool calls, errors, stalls, dropped connections and cancellation through
 * the production adapters without a network or a model.
 */
package dev.tether.testkit.model;
