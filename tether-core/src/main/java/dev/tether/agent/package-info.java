/**
 * The agent loop: one turn builds the context (persona, memory, as much recent history as fits the token
 * budget), streams the model's reply, runs the tools it asks for, loops until it answers, stores everything
 * and reports typed {@link dev.tether.agent.AgentEvent}s that the gateway and the terminal carry to people.
 */
package dev.tether.agent;
