package dev.tether.model.langchain4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP side of one streaming call: lets the call abort the request at any stage (before the response
 * head, or while the body streams), hands it the body to read on its own thread, and tells it about every
 * event and when the transport has ended. Thread-safe; no lock is held while closing anything.
 */
final class Exchange {
    private static final System.Logger LOG = System.getLogger(Exchange.class.getName());

    /** What the call hears from its exchange. */
    interface Events {
        /** The response head arrived; {@code read} reads the whole body and must run on the call's thread. */
        void bodyReady(Runnable read);

        /** A server-sent event arrived (any event, before LangChain4j sees it). */
        void progress();

        /** LangChain4j has handled the event; runs on the thread reading the body. */
        void eventHandled();

        /** The body was read to its end, failed, or was never received. */
        void transportEnded();
    }

    private final Events events;
    private CompletableFuture<?> request;
    private InputStream body;
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

    /** Registers the response body; returns false (and closes it) if the call was aborted meanwhile. */
    boolean bodyArrived(InputStream in) {
        synchronized (this) {
            if (!aborted) {
                body = in;
                return true;
            }
        }
        closeQuietly(in);
        return false;
    }

    /**
     * Aborts the exchange: cancels the request if the response head has not arrived, closes the body if it
     * has. Closing the body makes the JDK client close the connection, so the server sees the client leave.
     */
    void abort() {
        CompletableFuture<?> toCancel;
        InputStream toClose;
        synchronized (this) {
            if (aborted) {
                return;
            }
            aborted = true;
            toCancel = request;
            toClose = body;
        }
        if (toCancel != null) {
            toCancel.cancel(true);
        }
        if (toClose != null) {
            closeQuietly(toClose);
        }
    }

    synchronized boolean aborted() {
        return aborted;
    }

    /** Called when the response head arrived, with the task that reads the body. */
    void bodyReady(Runnable read) {
        events.bodyReady(read);
    }

    /** Called for every server-sent event, before LangChain4j sees it. */
    void progress() {
        events.progress();
    }

    /** Called after LangChain4j handled an event, on the thread reading the body. */
    void eventHandled() {
        events.eventHandled();
    }

    /** Remembers an error object the server sent inside the stream (its raw JSON). */
    void streamError(String json) {
        streamError = json;
    }

    /** The error object the server sent inside the stream, if it sent one. */
    Optional<String> streamError() {
        return Optional.ofNullable(streamError);
    }

    /** Called once the response body has been read to its end, failed, or was never received. */
    void transportEnded() {
        events.transportEnded();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing an aborted response body failed: " + e);
        }
    }
}
