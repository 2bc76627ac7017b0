package dev.tether.model.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.tether.api.model.ChatMessage;
import dev.tether.api.model.ModelRequest;
import dev.tether.api.model.ModelSettings;
import dev.tether.api.model.ToolCall;
import dev.tether.api.tool.ToolParameter;
import dev.tether.api.tool.ToolSpec;
import java.util.List;

/**
 * Converts Tether's request types to LangChain4j's; the provider's LangChain4j model then writes its wire
 * format. Every provider takes the same conversion: where the wire formats differ (system prompt placement,
 * grouping of tool results), the provider's LangChain4j model handles it.
 */
public final class Messages {
    private Messages() {
    }

    /**
     * The request for one call, carrying the model name and temperature from {@code settings}.
     *
     * @param maxOutputTokens the limit to send, or 0 to send none
     */
    public static ChatRequest chatRequest(ModelRequest request, ModelSettings settings, int maxOutputTokens) {
        ChatRequest.Builder builder = ChatRequest.builder()
                .modelName(settings.model())
                .temperature(settings.temperature().orElse(null))
                .messages(request.messages().stream().map(Messages::message).toList());
        if (!request.tools().isEmpty()) {
            builder.toolSpecifications(request.tools().stream().map(Messages::tool).toList());
        }
        if (maxOutputTokens > 0) {
            builder.maxOutputTokens(maxOutputTokens);
        }
        return builder.build();
    }

    static dev.langchain4j.data.message.ChatMessage message(ChatMessage message) {
        return switch (message) {
            case ChatMessage.System s -> SystemMessage.from(s.text());
            case ChatMessage.User u -> UserMessage.from(u.text());
            case ChatMessage.Assistant a -> AiMessage.builder()
                    // an empty text next to tool calls is sent as no text: Anthropic rejects empty text blocks
                    .text(a.text().isEmpty() && !a.toolCalls().isEmpty() ? null : a.text())
                    .toolExecutionRequests(a.toolCalls().stream().map(Messages::toolRequest).toList())
                    .build();
            case ChatMessage.ToolResult r -> ToolExecutionResultMessage.builder()
                    .id(r.toolCallId()).toolName(r.toolName()).text(r.content()).isError(r.error()).build();
        };
    }

    static ToolExecutionRequest toolRequest(ToolCall call) {
        return ToolExecutionRequest.builder().id(call.id()).name(call.name()).arguments(call.argumentsJson()).build();
    }

    static ToolSpecification tool(ToolSpec spec) {
        JsonObjectSchema.Builder parameters = JsonObjectSchema.builder();
        for (ToolParameter p : spec.parameters()) {
            parameters.addProperty(p.name(), schema(p));
        }
        List<String> required = spec.parameters().stream().filter(ToolParameter::required).map(ToolParameter::name)
                .toList();
        if (!required.isEmpty()) {
            parameters.required(required);
        }
        return ToolSpecification.builder().name(spec.name()).description(spec.description())
                .parameters(parameters.build()).build();
    }

    private static JsonSchemaElement schema(ToolParameter p) {
        String description = p.description().isEmpty() ? null : p.description();
        return switch (p.type()) {
            case STRING -> JsonStringSchema.builder().description(description).build();
            case INTEGER -> JsonIntegerSchema.builder().description(description).build();
            case NUMBER -> JsonNumberSchema.builder().description(description).build();
            case BOOLEAN -> JsonBooleanSchema.builder().description(description).build();
        };
    }
}
