/**
 * The {@code exec} tool: runs a shell command in the conversation's workspace with a time limit and an output
 * cap, and kills the whole process tree on timeout or cancel. Off by default; the composition root registers
 * it only when the user enables it.
 */
package dev.tether.tools.exec;
