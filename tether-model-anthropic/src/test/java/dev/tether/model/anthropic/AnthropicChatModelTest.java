package dev.tether.model.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.api.model.ChatModel;
import dev.tether.api.model.ModelSettings;
import dev.tether.testkit.model.ChatModelContract;
import dev.tether.testkit.model.FakeAnthropicServer;
import dev.tether.testkit.model.FakeModelServer;

class AnthropicChatModelTest extends ChatModelContract {

    @Override
    protected FakeModelServer startServer() {
        return FakeAnthropicServer.start();
    }

    @Override
    protected ChatModel newModel(ModelSettings settings) {
        return new AnthropicChatModel(settings);
    }

    @Override
    protected void assertSystemPromptPlacement(JsonNode body, String systemText) {
        JsonNode system = body.get("system");
        String text = system.isArray() ? system.get(0).get("text").asText() : system.asText();
        assertThat(text).isEqualTo(systemText);
        body.get("messages").forEach(m -> assertThat(m.get("role").asText()).isIn("user", "assistant"));
    }
}
