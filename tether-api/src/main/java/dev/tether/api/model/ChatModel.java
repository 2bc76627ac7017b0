package dev.tether.api.model;

import dev.tether.api.CancelSignal;
import java.util.function.Consumer;

/**
 * A chat model behind some API: one call streams one assistant reply.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>{@link #stream} blocks the calling thread (callers use virtual threads) until the reply is complete,
 *       cancelled, or failed. Events are delivered to {@code onEvent} in order, one at a time, before the
 *       method returns; the callback may run on a provider thread and must not block for long.</li>
 *   <li>Text deltas concatenated equal {@link ModelReply#text()}. Tool calls are delivered complete (name
 *       and full JSON arguments), never as fragments.</li>
 *   <li>When {@code cancel} fires, the upstream HTTP request is aborted (not merely ignored) and the call
 *       returns promptly with {@link FinishReason#CANCELLED} and the text received so far.</li>
 *   <li>Failures throw a {@link ModelException} subtype; {@link ModelException#retriable()} says whether the
 *       same request may succeed later. No other exception escapes.</li>
 * </ul>
 */
public interface ChatModel extends AutoCloseable {

    /** What this model is and where it lives; used in errors, logs and {@code doctor}. */
    ModelInfo info();

    /** Streams one reply; see the interface contract. */
    ModelReply stream(ModelRequest request, Consumer<ModelEvent> onEvent, CancelSignal cancel);

    /**
     * Releases HTTP clients and threads. Calls in flight are cancelled; later calls fail. Idempotent. The
     * default does nothing, for models that hold nothing.
     */
    @Override
    default void close() {
    }
}
