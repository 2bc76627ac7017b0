/**
 * Live conversations: every event of a conversation gets a position, is kept for a while for clients that
 * come back, and reaches every subscribed connection in order. Turns run here, owned by the conversation
 * rather than by any socket, so a reply keeps going when every client is gone.
 */
package dev.tether.live;
