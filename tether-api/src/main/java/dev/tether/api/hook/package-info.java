/** Hooks let plugins observe and veto agent steps, such as a tool call, without forking the agent loop. */
package dev.tether.api.hook;
