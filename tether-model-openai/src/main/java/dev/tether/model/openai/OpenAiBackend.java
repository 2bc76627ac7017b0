package dev.tether.model.openai;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.tether.api.model.ModelSettings;
import dev.tether.model.langchain4j.CompactJson;
import dev.tether.model.langchain4j.LangChainBackend;

/** What is OpenAI-specific about an {@link OpenAiChatModel}: LangChain4j's OpenAI model and the hints. */
final class OpenAiBackend implements LangChainBackend {
    static {
        CompactJson.compact("dev.langchain4j.model.openai.internal.Json"); // request bodies without indentation
    }

    /** Sent when no key is configured: local servers ignore it; hosted APIs answer 401 (Rejected). */
    static final String NO_KEY = "sk-no-key-required";

    @Override
    public String provider() {
        return OpenAiChatModel.PROVIDER;
    }

    @Override
    public StreamingChatModel streamingModel(ModelSettings settings, HttpClientBuilder http) {
        return OpenAiStreamingChatModel.builder().httpClientBuilder(http).baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey().filter(k -> !k.isBlank()).orElse(NO_KEY))
                .returnThinking(true) // reasoning_content (or reasoning) deltas are reported as thinking
                .build();
    }

    @Override
    public String unreachableHint() {
        return "Start your model server (for example vLLM, Ollama or llama.cpp), or point base-url in the models"
                + " section of config.json at one.";
    }

    @Override
    public String exampleBaseUrl() {
        return "http://127.0.0.1:8000/v1";
    }

    @Override
    public String exampleModel() {
        return "Qwen/Qwen2.5-7B-Instruct";
    }
}
