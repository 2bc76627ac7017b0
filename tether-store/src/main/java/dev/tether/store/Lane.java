package dev.tether.store;

/**
 * A queue lane. Interactive work (a person waiting for a reply) goes before background work (scheduled jobs,
 * summarising), but background work still gets a share, so it cannot starve.
 */
public enum Lane {
    INTERACTIVE,
    BACKGROUND
}
