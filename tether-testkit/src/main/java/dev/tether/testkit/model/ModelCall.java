package dev.tether.testkit.model;

import dev.tether.api.CancelSignal;
import dev.tether.api.model.ChatModel;
import dev.tether.api.model.ModelException;
import dev.tether.api.model.ModelReply;
import dev.tether.api.model.ModelRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@link ChatModel#stream} call running on its own virtual thread, so a test can watch its events, cancel
 * it, and wait for its outcome with a bound. Any exception other than a {@link ModelException} fails the test,
 * since the {@code ChatModel} contract allows no other.
 */
public final class ModelCall {
    private final CompletableFuture<ModelReply> outcome = new CompletableFuture<>();
    private final EventRecorder events = new EventRecorder();
    private final long startNanos = System.nanoTime();
    private volatile long endNanos;

    private ModelCall() {
    }

    /** Starts {@code model.stream(request, recorder, cancel)} on a new virtual thread. */
    public static ModelCall start(ChatModel model, ModelRequest request, CancelSignal cancel) {
        ModelCall call = new ModelCall();
        Thread.ofVirtual().name("model-call").start(() -> {
            try {
                ModelReply reply = model.stream(request, call.events, cancel);
                call.endNanos = System.nanoTime();
                call.outcome.complete(reply);
            } catch (Throwable t) {
                call.endNanos = System.nanoTime();
                call.outcome.completeExceptionally(t);
            }
        });
        return call;
    }

    public EventRecorder events() {
        return events;
    }

    public boolean isDone() {
        return outcome.isDone();
    }

    /** How long the call ran; only meaningful once it is done. */
    public Duration elapsed() {
        return Duration.ofNanos(endNanos - startNanos);
    }

    /**
     * The reply, waiting up to {@code timeout}.
     *
     * @throws AssertionError if the call failed or is still running after {@code timeout}
     */
    public ModelReply reply(Duration timeout) {
        try {
            return outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("Expected a reply but the call failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("The model call did not return within " + timeout + "; events so far: "
                    + events.events(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for the model call", e);
        }
    }

    /**
     * The {@link ModelException} the call threw, waiting up to {@code timeout}.
     *
     * @throws AssertionError if the call returned, threw something else, or is still running
     */
    public ModelException failure(Duration timeout) {
        try {
            ModelReply reply = outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            throw new AssertionError("Expected a ModelException but the call returned " + reply);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ModelException m) {
                return m;
            }
            throw new AssertionError("ChatModel.stream may only throw ModelException but threw " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("The model call did not end within " + timeout + "; events so far: "
                    + events.events(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for the model call", e);
        }
    }
}
