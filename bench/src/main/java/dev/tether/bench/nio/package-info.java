/**
 * A single-threaded selector loop with timers, shared by the WebSocket clients and the fake model, so the
 * load generator spends its CPU on sockets rather than on threads.
 */
package dev.tether.bench.nio;
