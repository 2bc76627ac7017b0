package dev.tether.testkit.model;

import dev.tether.api.model.ModelEvent;
import dev.tether.api.model.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Records the {@link ModelEvent}s of a model call, in delivery order. Thread-safe. */
public final class EventRecorder implements Consumer<ModelEvent> {
    private final List<ModelEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void accept(ModelEvent event) {
        events.add(event);
    }

    public List<ModelEvent> events() {
        return List.copyOf(events);
    }

    /** The text deltas in order. */
    public List<String> textDeltas() {
        return events.stream()
                .filter(e -> e instanceof ModelEvent.TextDelta)
                .map(e -> ((ModelEvent.TextDelta) e).text())
                .toList();
    }

    /** The text deltas joined. */
    public String text() {
        return String.join("", textDeltas());
    }

    /** The complete tool calls delivered, in order. */
    public List<ToolCall> toolCalls() {
        return events.stream()
                .filter(e -> e instanceof ModelEvent.ToolCallReady)
                .map(e -> ((ModelEvent.ToolCallReady) e).call())
                .toList();
    }

    /**
     * Waits until at least {@code count} text deltas have arrived.
     *
     * @throws AssertionError if they do not arrive within {@code timeout}
     */
    public void awaitTextDeltas(int count, Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(5))
                    .until(() -> textDeltas().size() >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Expected " + count + " text deltas within " + timeout + " but got "
                    + textDeltas(), e);
        }
    }
}
