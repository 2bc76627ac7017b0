/** The server under test as a child process: started, killed with SIGKILL, restarted on the same port, stopped. */
package dev.tether.faults.server;
