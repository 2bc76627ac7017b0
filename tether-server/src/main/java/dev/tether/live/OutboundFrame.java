package dev.tether.live;

import java.util.Objects;

/**
 * One frame for a client, already encoded as JSON text. Positioned frames carry their conversation, epoch and
 * positions {@code firstSeq..seq}; a delta also carries its text so a backed-up connection can merge
 * consecutive deltas. Unpositioned frames (acks, pings, snapshots) have {@code seq == 0}.
 */
public record OutboundFrame(String json, String conversation, String epoch, long firstSeq, long seq, boolean delta,
                            String deltaText) {
    public OutboundFrame {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(deltaText, "deltaText");
    }

    /** A frame without a position. */
    public static OutboundFrame control(String json) {
        return new OutboundFrame(json, "", "", 0, 0, false, "");
    }

    /** Approximate bytes on the wire (UTF-16 length is a close upper bound for mostly-ASCII JSON). */
    public int bytes() {
        return json.length();
    }

    /** Whether {@code next} continues this delta directly, so the two can become one frame. */
    public boolean canMerge(OutboundFrame next) {
        return delta && next.delta && conversation.equals(next.conversation) && epoch.equals(next.epoch)
                && next.firstSeq == seq + 1;
    }

    /** This delta followed by {@code next}, as one frame covering both positions. */
    public OutboundFrame merge(OutboundFrame next) {
        String text = deltaText + next.deltaText;
        return new OutboundFrame(Frames.delta(conversation, epoch, firstSeq, next.seq, text), conversation, epoch,
                firstSeq, next.seq, true, text);
    }
}
