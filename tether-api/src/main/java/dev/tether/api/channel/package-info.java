/**
 * Chat channels (QQ, Telegram, ...) that carry user messages to the agent and replies back. A channel talks
 * to the agent only through the message bus it is given; the loader and bus arrive with the channel issue.
 */
package dev.tether.api.channel;
