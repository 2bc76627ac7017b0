/**
 * Configuration: one JSON file (comments allowed) read into typed records. Unknown keys, wrong types and bad
 * values are refused at start with the file, the key path and a hint; {@code ${ENV}} supplies secrets and
 * command-line overrides win over the file. Every key can also be set from code by building the records.
 */
package dev.tether.config;
