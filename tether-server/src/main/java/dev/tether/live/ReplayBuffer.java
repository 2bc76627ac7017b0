package dev.tether.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The recent positioned frames of one conversation, bounded by age and by bytes. Not thread-safe: the owning
 * {@link ConversationHub} guards it.
 *
 * <p>Consecutive one-position deltas (or thinking frames) are kept as one run (their text and where each position ends), not as a
 * frame each: a reply streamed at 50 tokens/s keeps two minutes of tokens here, and a frame per token cost
 * ~280 bytes of heap (frame, JSON text, delta text, entry) against ~10 for a token in a run. At 1,000 streams
 * that was gigabytes of long-lived objects for the collector to copy. A resume from inside a run gets the rest
 * of the run as one delta ({@code firstSeq..seq}), which clients already accept from a backed-up connection.
 * A run's age is its newest token's, so nothing leaves before the window has passed.
 */
final class ReplayBuffer {
    /** A run stops growing here, so evicting it (whole) by bytes drops little more than needed. */
    static final int MAX_RUN_CHARS = 2048;
    static final int MAX_RUN_POSITIONS = 256;

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final long windowMillis;
    private final long maxBytes;
    private long bytes;

    ReplayBuffer(long windowMillis, long maxBytes) {
        this.windowMillis = windowMillis;
        this.maxBytes = maxBytes;
    }

    void add(OutboundFrame frame, long nowMillis) {
        Entry last = entries.peekLast();
        if (last instanceof Run run && run.canTake(frame)) {
            bytes += run.append(frame.deltaText(), nowMillis);
        } else {
            Entry e = Run.startable(frame) ? new Run(frame, nowMillis) : new Single(frame, nowMillis);
            entries.addLast(e);
            bytes += e.bytes();
        }
        evict(nowMillis);
    }

    /**
     * Every event after {@code afterSeq} up to {@code headSeq}, or empty if any of them has left the buffer:
     * all or nothing, never a partial replay.
     */
    Optional<List<OutboundFrame>> after(long afterSeq, long headSeq, long nowMillis) {
        evict(nowMillis);
        if (afterSeq == headSeq) {
            return Optional.of(List.of());
        }
        if (afterSeq > headSeq || entries.isEmpty() || entries.peekFirst().firstSeq() > afterSeq + 1) {
            return Optional.empty();
        }
        List<OutboundFrame> missed = new ArrayList<>();
        for (Entry e : entries) {
            if (e.seq() > afterSeq) {
                if (e instanceof Single && e.firstSeq() <= afterSeq) {
                    return Optional.empty(); // a frame covering positions on both sides cannot be cut
                }
                missed.add(e.from(afterSeq + 1));
            }
        }
        return Optional.of(missed);
    }

    long newestMillis() {
        return entries.isEmpty() ? 0 : entries.peekLast().atMillis();
    }

    /** Bytes counted against {@code maxBytes}; for tests. */
    long bytes() {
        return bytes;
    }

    /** Entries kept; for tests. */
    int entries() {
        return entries.size();
    }

    private void evict(long nowMillis) {
        while (!entries.isEmpty() && (bytes > maxBytes || entries.peekFirst().atMillis() < nowMillis - windowMillis)) {
            bytes -= entries.removeFirst().bytes();
        }
    }

    private sealed interface Entry permits Single, Run {
        long firstSeq();

        long seq();

        long atMillis();

        long bytes();

        /** The entry's events from position {@code from} on (a run is cut there; {@code from >= firstSeq}). */
        OutboundFrame from(long from);
    }

    private record Single(OutboundFrame frame, long atMillis) implements Entry {
        @Override
        public long firstSeq() {
            return frame.firstSeq();
        }

        @Override
        public long seq() {
            return frame.seq();
        }

        @Override
        public long bytes() {
            return frame.bytes();
        }

        @Override
        public OutboundFrame from(long from) {
            return frame;
        }
    }

    /** Deltas of consecutive positions: their text, and where in it each position's text ends. */
    private static final class Run implements Entry {
        private final String type;
        private final String conversation;
        private final String epoch;
        private final long firstSeq;
        private final StringBuilder text;
        private int[] ends = new int[8];
        private int positions;
        private long atMillis;
        private long bytes;

        static boolean startable(OutboundFrame f) {
            return f.delta() && f.firstSeq() == f.seq();
        }

        Run(OutboundFrame first, long nowMillis) {
            type = first.streamType();
            conversation = first.conversation();
            epoch = first.epoch();
            firstSeq = first.seq();
            text = new StringBuilder(Math.max(64, first.deltaText().length()));
            bytes = first.bytes() - first.deltaText().length(); // the frame's envelope, counted once
            append(first.deltaText(), nowMillis);
        }

        boolean canTake(OutboundFrame f) {
            return startable(f) && f.streamType().equals(type) && f.seq() == seq() + 1 && f.epoch().equals(epoch)
                    && f.conversation().equals(conversation) && positions < MAX_RUN_POSITIONS
                    && text.length() + f.deltaText().length() <= MAX_RUN_CHARS;
        }

        /** Adds the next position's text; returns the bytes it adds. */
        long append(String delta, long nowMillis) {
            if (positions == ends.length) {
                ends = Arrays.copyOf(ends, Math.min(MAX_RUN_POSITIONS, positions * 2));
            }
            text.append(delta);
            ends[positions++] = text.length();
            atMillis = nowMillis;
            bytes += delta.length();
            return delta.length();
        }

        @Override
        public long firstSeq() {
            return firstSeq;
        }

        @Override
        public long seq() {
            return firstSeq + positions - 1;
        }

        @Override
        public long atMillis() {
            return atMillis;
        }

        @Override
        public long bytes() {
            return bytes;
        }

        @Override
        public OutboundFrame from(long from) {
            long start = Math.max(from, firstSeq);
            String rest = start == firstSeq ? text.toString() : text.substring(ends[(int) (start - firstSeq) - 1]);
            return OutboundFrame.text(type, conversation, epoch, start, seq(), rest);
        }
    }
}
