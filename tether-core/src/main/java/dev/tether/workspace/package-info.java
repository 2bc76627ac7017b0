/**
 * The assistant's workspace: persona files ({@code AGENTS.md}, {@code SOUL.md}, {@code USER.md}) and long-term
 * memory ({@code MEMORY.md}) in the layout nanobot and OpenClaw users know, plus the files tools work on.
 */
package dev.tether.workspace;
