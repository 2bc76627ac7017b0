/**
 * Test kit: fake model servers that speak the real wire protocols over loopback, and abstract contract
 * tests that every store and model implementation extends.
 */
package dev.tether.testkit;
