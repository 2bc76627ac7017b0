/** A client in its own process, frozen with SIGSTOP and thawed with SIGCONT to test the slow-consumer bound. */
package dev.tether.faults.frozen;
