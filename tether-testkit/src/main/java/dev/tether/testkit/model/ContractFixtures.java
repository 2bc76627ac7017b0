package dev.tether.testkit.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tether.api.model.ChatMessage;
import dev.tether.api.model.ModelRequest;
import dev.tether.api.model.ToolCall;
import dev.tether.api.tool.ToolParameter;
import dev.tether.api.tool.ToolSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

/** Requests, tools and helpers shared by the contract tests; usable from other tests too. */
public final class ContractFixtures {
    public static final ToolSpec WEATHER = new ToolSpec("get_weather", "Current weather for a city.", List.of(
            ToolParameter.required("city", ToolParameter.Type.STRING, "City name, for example Paris"),
            ToolParameter.optional("days", ToolParameter.Type.INTEGER, "Days of forecast, 1 to 7")));
    public static final ToolSpec CLOCK = new ToolSpec("get_time", "The current time in UTC.", List.of());

    private ContractFixtures() {
    }

    /** A request with one user message. */
    public static ModelRequest ask(String userText) {
        return new ModelRequest(List.of(new ChatMessage.User(userText)));
    }

    /**
     * A conversation in which the assistant called two tools and both answered: the shape every provider
     * must put on the wire correctly for an agent loop to work.
     */
    public static List<ChatMessage> toolRoundTrip() {
        return List.of(
                new ChatMessage.System("You are terse."),
                new ChatMessage.User("Hi"),
                new ChatMessage.Assistant("Hello! How can I help?"),
                new ChatMessage.User("Weather in Paris and the time?"),
                new ChatMessage.Assistant("Checking both.", List.of(
                        new ToolCall("call_a1", "get_weather", "{\"city\":\"Paris\",\"days\":1}"),
                        new ToolCall("call_b2", "get_time", "{}"))),
                new ChatMessage.ToolResult("call_a1", "get_weather", "Sunny, 24 C", false),
                new ChatMessage.ToolResult("call_b2", "get_time", "12:00 UTC", false),
                new ChatMessage.Assistant("", List.of(new ToolCall("call_c3", "get_weather", "{\"city\":\"Rome\"}"))),
                new ChatMessage.ToolResult("call_c3", "get_weather", "Rain, 18 C", false));
    }

    /** The messages with every tool call's arguments re-serialised canonically, for comparing JSON by value. */
    public static List<ChatMessage> canonical(List<ChatMessage> messages) {
        return messages.stream().map(m -> m instanceof ChatMessage.Assistant a
                ? new ChatMessage.Assistant(a.text(), a.toolCalls().stream().map(ContractFixtures::canonical).toList())
                : m).toList();
    }

    public static ToolCall canonical(ToolCall call) {
        return new ToolCall(call.id(), call.name(), canonicalJson(call.argumentsJson()));
    }

    public static String canonicalJson(String json) {
        try {
            return WireJson.MAPPER.writeValueAsString(WireJson.MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new AssertionError("Not JSON: " + json, e);
        }
    }

    /** A loopback port nothing listens on (bound and released at once), for connection-refused tests. */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free loopback port", e);
        }
    }
}
