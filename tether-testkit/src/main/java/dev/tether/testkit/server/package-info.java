/**
 * How tests and benchmarks start the real server ({@code tether.jar serve}) as a child process: one command line,
 * with the same JVM options file as {@code ./tether serve}, so what they measure and attack is what users run.
 */
package dev.tether.testkit.server;
