package dev.tether.agent;

import dev.tether.api.CancelSignal;
import dev.tether.api.model.ChatModel;
import dev.tether.api.model.ModelEvent;
import dev.tether.api.model.ModelReply;
import dev.tether.api.model.ModelRequest;
import dev.tether.api.model.ToolCall;
import dev.tether.store.ConversationStore;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One assistant message while it streams. Text deltas go to the listener as they arrive; a checkpoint thread
 * saves the text so far every {@code interval} (creating the stored message on the first save), so a crash
 * loses at most one interval of text. A reply that finishes within the first interval costs a single write.
 */
final class StreamingReply {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingReply.class);
    private final ConversationStore store;
    private final String conversationId;
    private final long userMessageId;
    private final Duration interval;
    private final Consumer<String> onText;
    private final StringBuilder text = new StringBuilder();
    /** Guards {@link #text}; held only to append or copy, never across I/O, so deltas never wait on the store. */
    private final ReentrantLock textLock = new ReentrantLock();
    /** Serialises the store writes of checkpoints and {@link #finish}, and guards the fields below. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Counted down when the model's stream has ended; stops the checkpoint thread. */
    private final CountDownLatch streamEnded = new CountDownLatch(1);
    private long messageId;
    private int savedLength;
    private boolean finished;

    StreamingReply(ConversationStore store, String conversationId, long userMessageId, Duration interval,
                   Consumer<String> onText) {
        this.store = store;
        this.conversationId = conversationId;
        this.userMessageId = userMessageId;
        this.interval = interval;
        this.onText = onText;
    }

    ModelReply run(ChatModel model, ModelRequest request, CancelSignal cancel) {
        Thread.ofVirtual().name("checkpoint-" + conversationId).start(this::checkpointLoop);
        try {
            return model.stream(request, this::onEvent, cancel);
        } finally {
            streamEnded.countDown();
        }
    }

    private void onEvent(ModelEvent event) {
        if (event instanceof ModelEvent.TextDelta delta) {
            textLock.lock();
            try {
                text.append(delta.text());
            } finally {
                textLock.unlock();
            }
            onText.accept(delta.text());
        }
    }

    String textSoFar() {
        textLock.lock();
        try {
            return text.toString();
        } finally {
            textLock.unlock();
        }
    }

    /** Stores the final content and status; returns the message id. */
    long finish(String content, List<ToolCall> calls, MessageStatus status) {
        writeLock.lock();
        try {
            finished = true;
            if (messageId == 0) {
                messageId = store.appendMessage(NewMessage.assistant(conversationId, content, calls, status)
                        .replyingTo(userMessageId)).id();
            } else {
                store.updateMessage(messageId, content, calls, status);
            }
            return messageId;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Ends a reply that produced no text: a checkpoint that stored an (empty) placeholder is marked interrupted,
     * otherwise nothing is stored. Returns the message id, 0 if none.
     */
    long discard() {
        writeLock.lock();
        try {
            finished = true;
            if (messageId != 0) {
                store.updateMessage(messageId, "", MessageStatus.INTERRUPTED);
            }
            return messageId;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Ends when the stream does, told by {@link #streamEnded} rather than by an interrupt: an interrupt could land
     * in the middle of a store write (closing a socket or file channel after the commit), and a checkpoint told
     * "failed" for a stored message would leave {@link #finish} to store the reply a second time.
     */
    private void checkpointLoop() {
        try {
            while (!streamEnded.await(interval.toNanos(), TimeUnit.NANOSECONDS)) {
                checkpoint();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // nothing interrupts this thread; if something does, it ends
        }
    }

    private void checkpoint() {
        writeLock.lock();
        try {
            String snapshot = textSoFar();
            if (finished || snapshot.length() == savedLength) {
                return;
            }
            if (messageId == 0) {
                messageId = store.appendMessage(NewMessage.assistant(conversationId, snapshot, List.of(),
                        MessageStatus.STREAMING).replyingTo(userMessageId)).id();
            } else {
                store.updateMessage(messageId, snapshot, MessageStatus.STREAMING);
            }
            savedLength = snapshot.length();
        } catch (RuntimeException e) {
            LOG.warn("Could not checkpoint the reply in conversation {}: {}", conversationId, e.toString());
        } finally {
            writeLock.unlock();
        }
    }
}
