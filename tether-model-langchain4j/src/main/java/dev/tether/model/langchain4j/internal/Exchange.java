package dev.tether.model.langchain4j.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP side of one streaming call: lets the call abort the request at any stage (before the response
 * head, or while the body streams) and tells it when the head arrived, about every event, and when the
 * transport has ended. Thread-safe; no lock is held while cancelling anything.
 */
final class Exchange {

    /** What the call hears from its exchange. */
    interface Events {
        /** The response head arrived (not an event yet, but the server answered). */
        void headArrived();

        /** A server-sent event arrived (any event, before LangChain4j sees it). */
        void progress();

        /** The body was read to its end, failed, was cancelled, or was never received. */
        void transportEnded();
    }

    private final Events events;
    private CompletableFuture<?> request;
    private Runnable stopBody;
    private boolean aborted;
    private volatile String streamError;

    Exchange(Events events) {
        this.events = events;
    }

    /** Registers the in-flight request; cancels it at once if the call was aborted already. */
    void requestSent(CompletableFuture<?> future) {
        synchronized (this) {
            if (!aborted) {
                request = future;
                return;
            }
        }
        future.cancel(true);
    }

    /**
     * Registers how to stop reading the response body; returns false if the call was aborted meanwhile (the
     * caller then stops it itself).
     */
    boolean bodyStarted(Runnable stop) {
        synchronized (this) {
            if (!aborted) {
                stopBody = stop;
                events.headArrived();
                return true;
            }
        }
        return false;
    }

    /**
     * Aborts the exchange: cancels the request if the response head has not arrived, stops the body if it
     * has. Stopping a body makes the JDK client close the connection, so the server sees the client leave.
     */
    void abort() {
        CompletableFuture<?> toCancel;
        Runnable toStop;
        synchronized (this) {
            if (aborted) {
                return;
            }
            aborted = true;
            toCancel = request;
            toStop = stopBody;
        }
        if (toStop != null) {
            toStop.run();
        }
        if (toCancel != null) {
            toCancel.cancel(true);
        }
    }

    synchronized boolean aborted() {
        return aborted;
    }

    /** Called for every server-sent event, before LangChain4j sees it. */
    void progress() {
        events.progress();
    }

    /** Remembers an error object the server sent inside the stream (its raw JSON). */
    void streamError(String json) {
        streamError = json;
    }

    /** The error object the server sent inside the stream, if it sent one. */
    Optional<String> streamError() {
        return Optional.ofNullable(streamError);
    }

    /** Called once the response body has been read to its end, failed, was stopped, or was never received. */
    void transportEnded() {
        events.transportEnded();
    }
}
