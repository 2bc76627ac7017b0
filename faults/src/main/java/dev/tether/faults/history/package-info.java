/**
 * What each client saw and did, frame by frame, with wall-clock times: the histories the checker reads. A
 * client in another process writes its history as JSON lines.
 */
package dev.tether.faults.history;
