package dev.tether.model;

import dev.tether.api.CancelSignal;
import dev.tether.api.model.ChatModel;
import dev.tether.api.model.FinishReason;
import dev.tether.api.model.ModelEvent;
import dev.tether.api.model.ModelException;
import dev.tether.api.model.ModelInfo;
import dev.tether.api.model.ModelReply;
import dev.tether.api.model.ModelRequest;
import dev.tether.api.model.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chain of models behind one {@link ChatModel}: each is tried up to {@link RetryPolicy#maxAttempts()} times
 * on retriable failures, then the next one takes over; a non-retriable failure moves to the next at once.
 *
 * <p>A call is retried only while it has delivered no event: once text has reached the caller, a retry
 * would repeat it, so a failure after that propagates. Cancelling during a backoff wait returns at once
 * with {@link FinishReason#CANCELLED}. When every model fails, the last failure is thrown.
 */
public final class RoutedChatModel implements ChatModel {
    private static final Logger LOG = LoggerFactory.getLogger(RoutedChatModel.class);
    private final List<ChatModel> chain;
    private final RetryPolicy policy;
    private final Sleeper sleeper;

    public RoutedChatModel(List<ChatModel> chain, RetryPolicy policy) {
        this(chain, policy, RoutedChatModel::sleep);
    }

    RoutedChatModel(List<ChatModel> chain, RetryPolicy policy, Sleeper sleeper) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("A model chain needs at least one model: chain was empty");
        }
        this.chain = List.copyOf(chain);
        this.policy = policy;
        this.sleeper = sleeper;
    }

    @Override
    public ModelInfo info() {
        return chain.getFirst().info();
    }

    public List<ChatModel> chain() {
        return chain;
    }

    @Override
    public ModelReply stream(ModelRequest request, Consumer<ModelEvent> onEvent, CancelSignal cancel) {
        ModelException last = null;
        for (ChatModel model : chain) {
            for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
                boolean[] delivered = {false};
                try {
                    return model.stream(request, e -> {
                        delivered[0] = true;
                        onEvent.accept(e);
                    }, cancel);
                } catch (ModelException e) {
                    last = e;
                    if (delivered[0]) {
                        throw e;
                    }
                    if (!e.retriable() || attempt == policy.maxAttempts()) {
                        LOG.info("Model {} failed ({} attempt(s)): {}", model.info().id(), attempt, e.getMessage());
                        break;
                    }
                    Duration wait = policy.backoff(attempt, e.retryAfter());
                    LOG.info("Model {} attempt {} failed, retrying in {} ms: {}", model.info().id(), attempt,
                            wait.toMillis(), e.getMessage());
                    if (sleeper.sleep(wait, cancel)) {
                        return new ModelReply("", List.of(), FinishReason.CANCELLED, TokenUsage.UNKNOWN);
                    }
                }
            }
        }
        throw last;
    }

    /** Closes every model of the chain. */
    @Override
    public void close() {
        chain.forEach(ChatModel::close);
    }

    /** Waits for a backoff; returns true if the wait ended because {@code cancel} fired. */
    @FunctionalInterface
    interface Sleeper {
        boolean sleep(Duration duration, CancelSignal cancel);
    }

    private static boolean sleep(Duration duration, CancelSignal cancel) {
        CountDownLatch latch = new CountDownLatch(1);
        try (CancelSignal.Registration ignored = cancel.onCancel(latch::countDown)) {
            return latch.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
