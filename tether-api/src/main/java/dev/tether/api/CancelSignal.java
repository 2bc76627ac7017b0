package dev.tether.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A one-way cancellation flag shared between whoever starts work (a turn) and whoever does it (a model
 * request, a tool). {@link #cancel()} may be called from any thread, any number of times; callbacks
 * registered with {@link #onCancel(Runnable)} run exactly once, on the cancelling thread, or at once on the
 * registering thread if the signal is already cancelled. Callbacks must be quick and must not block.
 */
public final class CancelSignal {
    private final List<Runnable> callbacks = new ArrayList<>();
    private volatile boolean cancelled;

    /** A signal that is never cancelled by anyone else; convenient for one-shot calls. */
    public static CancelSignal none() {
        return new CancelSignal();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public void cancel() {
        List<Runnable> toRun;
        synchronized (callbacks) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(callbacks);
            callbacks.clear();
        }
        toRun.forEach(CancelSignal::runQuietly);
    }

    /** Registers a callback; returns a handle that unregisters it (call when the work ends normally). */
    public Registration onCancel(Runnable callback) {
        synchronized (callbacks) {
            if (!cancelled) {
                callbacks.add(callback);
                return () -> {
                    synchronized (callbacks) {
                        callbacks.remove(callback);
                    }
                };
            }
        }
        runQuietly(callback);
        return () -> { };
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            System.getLogger(CancelSignal.class.getName())
                    .log(System.Logger.Level.WARNING, "cancel callback failed: " + e, e);
        }
    }

    /** Undoes one {@link #onCancel(Runnable)}. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
