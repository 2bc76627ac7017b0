/**
 * A lean WebSocket client and the Tether protocol on top of it: thousands of connections on one thread,
 * every received byte counted.
 */
package dev.tether.bench.ws;
