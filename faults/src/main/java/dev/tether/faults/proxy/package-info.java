/** A loopback TCP proxy that turns live links into half-open ones on command, and times how each end notices. */
package dev.tether.faults.proxy;
