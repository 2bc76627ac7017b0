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
 * One assistant message while it streams. Text and thinking deltas go to the listener as they arrive; a checkpoint
 * thread saves the text and thinking so far every {@code interval} (creating the stored message on the first
 * save), so a crash loses at most one interval of either. A reply that finishes within the first interval costs a
 * single write.
 */
final class StreamingReply {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingReply.class);
    private final ConversationStore store;
    private final String conversationId;
    private final long userMessageId;
    private final Duration interval;
    private final Consumer<String> onText;
    private final Consumer<String> onThinking;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder thinking = new StringBuilder();
    /**
     * Guards {@link #text} and {@link #thinking}; held only to append or copy, never across I/O, so deltas never wait
     * on the store.
     */
    private final ReentrantLock textLock = new ReentrantLock();
    /** Serialises the store writes of checkpoints and {@link #finish}, and guards the fields below. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Counted down when the model's stream has ended; stops the checkpoint thread. */
    private final CountDownLatch streamEnded = new CountDownLatch(1);
    private long messageId;
    private int savedLength;
    private int savedThinkingLength;
    private boolean finished;

    StreamingReply(ConversationStore store, String conversationId, long userMessageId, Duration interval,
                   Consumer<String> onText, Consumer<String> onThinking) {
        this.store = store;
        this.conversationId = conversationId;
        this.userMessageId = userMessageId;
        this.interval = interval;
        this.onText = onText;
        this.onThinking = onThinking;
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
        switch (event) {
            case ModelEvent.TextDelta delta -> {
                append(text, delta.text());
                onText.accept(delta.text());
            }
            case ModelEvent.ThinkingDelta delta -> {
                append(thinking, delta.text());
                onThinking.accept(delta.text());
            }
            case ModelEvent.ToolCallReady ready -> { } // stored with the reply when it ends
        }
    }

    private void append(StringBuilder to, String delta) {
        textLock.lock();
        try {
            to.append(delta);
        } finally {
            textLock.unlock();
        }
    }

    String textSoFar() {
        return copy(text);
    }

    String thinkingSoFar() {
        return copy(thinking);
    }

    private String copy(StringBuilder of) {
        textLock.lock();
        try {
            return of.toString();
        } finally {
            textLock.unlock();
        }
    }

    /** Stores the final content and status, with the thinking streamed; returns the message id. */
    long finish(String content, List<ToolCall> calls, MessageStatus status) {
        writeLock.lock();
        try {
            finished = true;
            String thought = thinkingSoFar();
            if (messageId == 0) {
                messageId = store.appendMessage(NewMessage.assistant(conversationId, content, calls, status)
                        .replyingTo(userMessageId).withThinking(thought)).id();
            } else {
                store.updateMessage(messageId, content, thought, calls, status);
            }
            return messageId;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Ends a reply that produced no text: a checkpoint that stored an (empty) placeholder is marked interrupted,
     * otherwise nothing is stored. Returns the message id, 0 if none. A reply that produced thinking but no text
     * is stored as interrupted with it, like one with text.
     */
    long discard() {
        if (!thinkingSoFar().isEmpty()) {
            return finish("", List.of(), MessageStatus.INTERRUPTED);
        }
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
            String thought = thinkingSoFar();
            if (finished || snapshot.length() == savedLength && thought.length() == savedThinkingLength) {
                return;
            }
            if (messageId == 0) {
                messageId = store.appendMessage(NewMessage.assistant(conversationId, snapshot, List.of(),
                        MessageStatus.STREAMING).replyingTo(userMessageId).withThinking(thought)).id();
            } else if (thought.length() == savedThinkingLength) {
                store.updateMessage(messageId, snapshot, MessageStatus.STREAMING); // the thinking is stored already
            } else {
                store.updateMessage(messageId, snapshot, thought, MessageStatus.STREAMING);
            }
            savedLength = snapshot.length();
            savedThinkingLength = thought.length();
        } catch (RuntimeException e) {
            LOG.warn("Could not checkpoint the reply in conversation {}: {}", conversationId, e.toString());
        } finally {
            writeLock.unlock();
        }
    }
}
