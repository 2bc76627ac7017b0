package dev.tether.config;

import dev.tether.api.TetherException;

/** The configuration cannot be used. The message names the file, the key path, the value and the fix. */
public final class ConfigException extends TetherException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
