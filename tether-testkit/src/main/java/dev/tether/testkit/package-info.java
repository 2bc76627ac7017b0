/**
 * Test kit: fake model servers that speak the real wire protocols over loopback, abstract contract tests that
 * every store and model implementation extends, and the server's command line for suites that run it as a process.
 */
package dev.tether.testkit;
