package dev.tether.api.channel;

/**
 * A chat platform connection. {@link #start} is called once with the bus to publish inbound messages to and
 * must return quickly (connect in the background, reconnect with backoff); {@link #stop} closes everything.
 */
public interface Channel {

    /** Config id of the channel, for example {@code qq}. */
    String id();

    void start(ChannelBus bus);

    void stop();
}
