package dev.tether.model.langchain4j.internal;

import java.util.function.Consumer;

/**
 * Separates the reasoning a model writes into its visible text, between {@code <think>} and {@code </think>} at the
 * start of a reply, from the text after it. Reasoning models do that when their server does not parse it out
 * (vLLM without {@code --reasoning-parser}, llama.cpp with {@code --reasoning-format none}, older Ollama); servers
 * that do parse it send it as {@code reasoning_content}, which LangChain4j reports as thinking already.
 *
 * <p>Only a reply that opens with the tag (after whitespace) is split, so a reply that merely mentions
 * {@code <think>} later stays as written. Tags split across chunks are recognised: text that could still be the
 * start of a tag is held back until the next chunk decides it. Once the reply is known to be plain text, every
 * chunk passes straight through. Not thread-safe: one per call, fed under the call's delivery lock.
 */
final class ThinkTags {
    static final String OPEN = "<think>";
    static final String CLOSE = "</think>";

    private enum State { START, THINKING, AFTER, TEXT }

    private final Consumer<String> text;
    private final Consumer<String> thinking;
    private final StringBuilder pending = new StringBuilder();
    private State state = State.START;

    ThinkTags(Consumer<String> text, Consumer<String> thinking) {
        this.text = text;
        this.thinking = thinking;
    }

    void accept(String chunk) {
        if (state == State.TEXT) {
            text.accept(chunk); // the common case: one comparison per token
            return;
        }
        pending.append(chunk);
        drain();
    }

    /** The reply ended: what was held back is what it looked like. */
    void end() {
        if (pending.isEmpty()) {
            return;
        }
        String rest = pending.toString();
        pending.setLength(0);
        switch (state) {
            case START, TEXT -> text.accept(rest);
            case THINKING -> thinking.accept(rest);
            case AFTER -> { } // only the whitespace after </think>
        }
    }

    private void drain() {
        while (true) {
            switch (state) {
                case START -> {
                    int start = skipWhitespace(0);
                    int have = pending.length() - start;
                    if (have < OPEN.length()) {
                        if (OPEN.startsWith(pending.substring(start))) {
                            return; // could still become <think>
                        }
                        toText();
                        return;
                    }
                    if (!pending.substring(start, start + OPEN.length()).equals(OPEN)) {
                        toText();
                        return;
                    }
                    pending.delete(0, start + OPEN.length());
                    state = State.THINKING;
                }
                case THINKING -> {
                    int close = pending.indexOf(CLOSE);
                    if (close < 0) {
                        int keep = partialTagAtEnd();
                        emit(thinking, pending.length() - keep);
                        return;
                    }
                    emit(thinking, close);
                    pending.delete(0, CLOSE.length());
                    state = State.AFTER;
                }
                case AFTER -> {
                    pending.delete(0, skipWhitespace(0));
                    if (pending.isEmpty()) {
                        return;
                    }
                    toText();
                    return;
                }
                case TEXT -> throw new IllegalStateException("accept passes text through without draining");
            }
        }
    }

    private void toText() {
        state = State.TEXT;
        if (!pending.isEmpty()) {
            String rest = pending.toString();
            pending.setLength(0);
            text.accept(rest);
        }
    }

    /** Hands the first {@code length} characters of what is pending to {@code to}, if there are any. */
    private void emit(Consumer<String> to, int length) {
        if (length > 0) {
            to.accept(pending.substring(0, length));
            pending.delete(0, length);
        }
    }

    /** How many characters at the end of what is pending could be the start of {@link #CLOSE}. */
    private int partialTagAtEnd() {
        for (int n = Math.min(CLOSE.length() - 1, pending.length()); n > 0; n--) {
            if (CLOSE.startsWith(pending.substring(pending.length() - n))) {
                return n;
            }
        }
        return 0;
    }

    private int skipWhitespace(int from) {
        int i = from;
        while (i < pending.length() && Character.isWhitespace(pending.charAt(i))) {
            i++;
        }
        return i;
    }
}
