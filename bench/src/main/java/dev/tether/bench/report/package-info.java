/**
 * Reported figures with their targets, written as JSON and Markdown.
 */
package dev.tether.bench.report;
