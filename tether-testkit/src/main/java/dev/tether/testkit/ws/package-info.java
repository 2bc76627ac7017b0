/**
 * The client side of WebSocket framing (RFC 6455) for the suites that drive the server over its wire protocol:
 * masked frames out, server frames parsed in place, the upgrade's key and accept value. Stateless and
 * allocation-light, since the load generator runs it for every frame.
 */
package dev.tether.testkit.ws;
