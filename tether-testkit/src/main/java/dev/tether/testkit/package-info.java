/**
 * Test kit: fake model servers that speak the real wire protocols over loopback, abstract contract tests that
 * every store and model implementation extends, and, for suites that run the server as a process, its command line
 * and client-side WebSocket framing.
 */
package dev.tether.testkit;
