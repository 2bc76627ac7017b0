package dev.tether.testkit.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.testkit.http.IncomingRequest;
import java.util.List;
import java.util.Map;

/** One provider's wire format, as the fake server side sees it. Implementations are stateless. */
interface Wire {

    /** Decodes a chat request strictly; throws {@link ProtocolViolation} where the real provider would reject it. */
    Decoded decode(IncomingRequest request);

    /** The frames of a streamed reply, from the first event to the end marker. */
    List<Frame> frames(Script.Reply reply, Decoded request);

    /** The frames that report an error inside an already started stream, ending it. */
    List<Frame> streamError(int status, String message);

    /** The body of a non-streamed reply. */
    String completion(Script.Reply reply, Decoded request);

    /** An error body in the provider's format. */
    String errorBody(int status, String message);

    /** Headers the provider adds to every response (request ids and the like). */
    Map<String, String> responseHeaders();

    /** A decoded chat request with the raw JSON kept for provider options such as {@code stream_options}. */
    record Decoded(RecordedChat chat, JsonNode root) { }
}
