/**
 * Tools the agent can call: a {@link dev.tether.api.tool.Tool} declares its {@link dev.tether.api.tool.ToolSpec}
 * and runs with typed {@link dev.tether.api.tool.ToolArguments}. A tool never throws at the model: failures
 * are {@link dev.tether.api.tool.ToolResult.Failure} results with a hint the model can act on.
 */
package dev.tether.api.tool;
