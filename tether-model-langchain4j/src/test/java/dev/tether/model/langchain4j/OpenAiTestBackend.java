package dev.tether.model.langchain4j;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.tether.api.model.ModelSettings;

/** A minimal backend on LangChain4j's OpenAI model, to drive the shared code against the fake OpenAI server. */
final class OpenAiTestBackend implements LangChainBackend {

    /** The smallest provider model: the shared class with this backend. */
    static final class TestChatModel extends LangChainChatModel {
        TestChatModel(ModelSettings settings) {
            super(settings, new OpenAiTestBackend());
        }
    }

    @Override
    public String provider() {
        return "test";
    }

    @Override
    public StreamingChatModel streamingModel(ModelSettings settings, HttpClientBuilder http) {
        return OpenAiStreamingChatModel.builder().httpClientBuilder(http).baseUrl(settings.baseUrl()).apiKey("k")
                .build();
    }

    @Override
    public String unreachableHint() {
        return "Start the fake server.";
    }

    @Override
    public String exampleBaseUrl() {
        return "http://127.0.0.1:8000/v1";
    }

    @Override
    public String exampleModel() {
        return "test-model";
    }
}
