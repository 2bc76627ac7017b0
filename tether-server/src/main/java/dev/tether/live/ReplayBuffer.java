package dev.tether.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recent positioned frames of one conversation, bounded by age and by bytes. Not thread-safe: the owning
 * {@link ConversationHub} guards it.
 */
final class ReplayBuffer {
    private record Entry(OutboundFrame frame, long atMillis) { }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final long windowMillis;
    private final long maxBytes;
    private long bytes;

    ReplayBuffer(long windowMillis, long maxBytes) {
        this.windowMillis = windowMillis;
        this.maxBytes = maxBytes;
    }

    void add(OutboundFrame frame, long nowMillis) {
        entries.addLast(new Entry(frame, nowMillis));
        bytes += frame.bytes();
        evict(nowMillis);
    }

    /**
     * Every frame after {@code afterSeq} up to {@code headSeq}, or empty if any of them has left the buffer:
     * all or nothing, never a partial replay.
     */
    Optional<List<OutboundFrame>> after(long afterSeq, long headSeq, long nowMillis) {
        evict(nowMillis);
        if (afterSeq == headSeq) {
            return Optional.of(List.of());
        }
        if (afterSeq > headSeq || entries.isEmpty() || entries.peekFirst().frame().seq() > afterSeq + 1) {
            return Optional.empty();
        }
        List<OutboundFrame> missed = new ArrayList<>();
        for (Entry e : entries) {
            if (e.frame().seq() > afterSeq) {
                missed.add(e.frame());
            }
        }
        return Optional.of(missed);
    }

    long newestMillis() {
        return entries.isEmpty() ? 0 : entries.peekLast().atMillis();
    }

    private void evict(long nowMillis) {
        while (!entries.isEmpty() && (bytes > maxBytes || entries.peekFirst().atMillis() < nowMillis - windowMillis)) {
            bytes -= entries.removeFirst().frame().bytes();
        }
    }
}
