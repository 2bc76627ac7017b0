/**
 * The {@code tether} command: {@code chat}, {@code serve}, {@code onboard} and {@code doctor}, built with picocli.
 * Errors are printed as one clear message, never a stack trace (unless {@code --verbose}).
 */
package dev.tether.cli;
