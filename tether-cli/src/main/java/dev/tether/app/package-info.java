/**
 * The composition root: builds the store, models, tools and agent from a {@link dev.tether.config.TetherConfig}.
 * Nothing else depends on this package (checked by an architecture test).
 */
package dev.tether.app;
