package dev.tether.testkit.model;

import dev.tether.testkit.http.StreamFraming;
import java.time.Duration;
import java.util.List;

/**
 * A fake model server on 127.0.0.1 that speaks one provider's real wire protocol over real HTTP, so tests
 * exercise production adapters end to end without a network or a model.
 *
 * <p>Each chat request takes the next {@link Script} from a queue; when the queue is empty it plays the
 * default script ({@code Script.text("ok")} unless changed). Requests are recorded in arrival order with their
 * headers, raw body and the chat decoded back into Tether types. Requests that break the provider's protocol
 * get the provider's 400 error and are listed in {@link #protocolViolations()}, so a test can fail on them.
 *
 * <p>Thread-safe: scripts may be enqueued while requests are in flight, and concurrent requests are served
 * on separate connections. {@link #close()} ends stalled streams and closes every connection.
 */
public interface FakeModelServer extends AutoCloseable {

    /** The base URL a client is configured with, for example {@code http://127.0.0.1:41234/v1}. */
    String baseUrl();

    /** The model id the server reports serving (for example in {@code GET /v1/models}). */
    String model();

    /** Appends scripts to the queue; each answers one chat request, in order. */
    FakeModelServer enqueue(Script... scripts);

    /** What to play when the queue is empty. */
    FakeModelServer defaultScript(Script script);

    /** Scripts enqueued but not yet played. */
    int pendingScripts();

    /** How streamed responses are delimited; {@link StreamFraming#CHUNKED} unless changed. */
    FakeModelServer framing(StreamFraming framing);

    /** Every request received so far, in arrival order, including ones already taken. */
    List<RecordedRequest> requests();

    /**
     * The oldest request not yet taken, waiting up to {@code timeout} for one to arrive.
     *
     * @throws AssertionError if none arrives in time
     */
    RecordedRequest takeRequest(Duration timeout);

    /** Streams the client abandoned before the server ended them: a cancel or timeout that really aborted. */
    int clientAborts();

    /**
     * Waits until the client has abandoned at least {@code count} streams in total.
     *
     * @throws AssertionError if that does not happen within {@code timeout}
     */
    void awaitClientAborts(int count, Duration timeout);

    /**
     * Requests rejected for breaking the provider's protocol, and failures of the fake itself, one line each
     * with the reason. A test should end with this empty.
     */
    List<String> protocolViolations();

    /** TCP connections accepted so far. */
    int connectionsAccepted();

    @Override
    void close();
}
