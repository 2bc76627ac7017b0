/**
 * Tether's plugin API: the only module a plugin author depends on. Extension points are model providers
 * ({@link dev.tether.api.model}), tools ({@link dev.tether.api.tool}), chat channels
 * ({@link dev.tether.api.channel}) and agent hooks ({@link dev.tether.api.hook}).
 */
package dev.tether.api;
