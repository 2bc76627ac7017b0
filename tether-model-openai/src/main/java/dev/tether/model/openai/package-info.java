/**
 * The {@code openai} model provider: a {@link dev.tether.api.model.ChatModel} for servers speaking the OpenAI
 * Chat Completions API, local (vLLM, Ollama, LM Studio, llama.cpp) or hosted (OpenAI, DeepSeek, DashScope).
 * Built on {@code tether-model-langchain4j}; only the choice of LangChain4j's OpenAI model and the hints live here.
 */
package dev.tether.model.openai;
