package dev.tether.live;

import java.util.Objects;

/**
 * One frame for a client, already encoded as JSON text. Positioned frames carry their conversation, epoch and
 * positions {@code firstSeq..seq}; a streamed-text frame ({@code delta} or {@code thinking}, its
 * {@code streamType}) also carries its text so a backed-up connection can merge consecutive frames of the same
 * type. Other frames have an empty {@code streamType}; unpositioned frames (acks, pings, snapshots) have
 * {@code seq == 0}.
 */
public record OutboundFrame(String json, String conversation, String epoch, long firstSeq, long seq, String streamType,
                            String deltaText) {
    public OutboundFrame {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(streamType, "streamType");
        Objects.requireNonNull(deltaText, "deltaText");
    }

    /** A frame without a position. */
    public static OutboundFrame control(String json) {
        return new OutboundFrame(json, "", "", 0, 0, "", "");
    }

    /** A streamed-text frame of type {@code type} ({@link Frames#DELTA} or {@link Frames#THINKING}). */
    public static OutboundFrame text(String type, String conversation, String epoch, long firstSeq, long seq,
                                     String text) {
        return new OutboundFrame(Frames.text(type, conversation, epoch, firstSeq, seq, text), conversation, epoch,
                firstSeq, seq, type, text);
    }

    /** Whether this is a streamed-text frame ({@code delta} or {@code thinking}). */
    public boolean delta() {
        return !streamType.isEmpty();
    }

    /** Approximate bytes on the wire (UTF-16 length is a close upper bound for mostly-ASCII JSON). */
    public int bytes() {
        return json.length();
    }

    /** Whether {@code next} continues this frame's text directly, so the two can become one frame. */
    public boolean canMerge(OutboundFrame next) {
        return delta() && streamType.equals(next.streamType) && conversation.equals(next.conversation)
                && epoch.equals(next.epoch) && next.firstSeq == seq + 1;
    }

    /** This frame followed by {@code next}, as one frame covering both positions. */
    public OutboundFrame merge(OutboundFrame next) {
        return text(streamType, conversation, epoch, firstSeq, next.seq, deltaText + next.deltaText);
    }
}
