/**
 * Tether's built-in tools: workspace file tools, {@code exec} and {@code web_fetch}, each confined by default.
 * {@link dev.tether.tools.BuiltinTools} is the one entry point the composition root needs; every tool reports
 * problems as {@link dev.tether.api.tool.ToolResult.Failure} results written for the model, with a hint.
 */
package dev.tether.tools;
