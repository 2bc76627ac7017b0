package dev.tether.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/** The {@code store} section: SQLite (embedded, default) or PostgreSQL. */
public record StoreConfig(Type type, Path path, String url, String user, String password) {
    public StoreConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(path, "path");
        url = url == null ? "" : url;
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /** Which database. */
    public enum Type {
        SQLITE, POSTGRES;

        @JsonCreator
        static Type parse(String value) {
            for (Type t : values()) {
                if (t.name().equalsIgnoreCase(value.strip())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("type must be \"sqlite\" or \"postgres\" but was \"" + value + "\"");
        }

        @JsonValue
        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
