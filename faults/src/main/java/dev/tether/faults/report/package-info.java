/** The summary of a run: a table per fault kind, printed and written as JSON and Markdown. */
package dev.tether.faults.report;
