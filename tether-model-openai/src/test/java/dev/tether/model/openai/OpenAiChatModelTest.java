package dev.tether.model.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.api.model.ChatModel;
import dev.tether.api.model.ModelSettings;
import dev.tether.testkit.model.ChatModelContract;
import dev.tether.testkit.model.FakeModelServer;
import dev.tether.testkit.model.FakeOpenAiServer;

class OpenAiChatModelTest extends ChatModelContract {

    @Override
    protected FakeModelServer startServer() {
        return FakeOpenAiServer.start();
    }

    @Override
    protected ChatModel newModel(ModelSettings settings) {
        return new OpenAiChatModel(settings);
    }

    @Override
    protected void assertSystemPromptPlacement(JsonNode body, String systemText) {
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(body.at("/messages/0/content").asText()).isEqualTo(systemText);
    }
}
