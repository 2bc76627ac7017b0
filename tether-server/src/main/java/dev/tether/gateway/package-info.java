/**
 * The WebSocket gateway of docs/protocol.md: handshake and authentication, subscribe with resume or snapshot,
 * idempotent sends, stop, heartbeats, bounded outgoing queues with delta merging, and refusal of bad input.
 * Reading the {@link dev.tether.gateway.Gateway} handlers top to bottom is reading the protocol.
 */
package dev.tether.gateway;
