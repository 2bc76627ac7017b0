/**
 * The {@code openai} model provider: a {@link dev.tether.api.model.ChatModel} for servers speaking the OpenAI
 * Chat Completions API, local (vLLM, Ollama, LM Studio, llama.cpp) or hosted (OpenAI, DeepSeek, DashScope).
 * Built on LangChain4j, whose types stay inside the {@code internal} package.
 */
package dev.tether.model.openai;
