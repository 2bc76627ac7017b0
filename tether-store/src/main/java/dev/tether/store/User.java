package dev.tether.store;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A person who may connect to the server. The name is the key: it never changes, and it is the
 * {@link Conversation#owner()} of the user's conversations.
 *
 * @param name matches {@link #NAME_RULE}
 * @param createdAt when {@link AccessStore#createUser(String)} stored it
 */
public record User(String name, Instant createdAt) {
    /** Allowed user names: 1-64 characters of a-z, 0-9, '_', '.', '-', starting with a letter or digit. */
    public static final String NAME_RULE = "[a-z0-9][a-z0-9_.-]{0,63}";

    private static final Pattern NAME = Pattern.compile(NAME_RULE);

    public User {
        checkName(name);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * Returns {@code name} if it matches {@link #NAME_RULE}.
     *
     * @throws IllegalArgumentException naming the value and the rule otherwise
     */
    public static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
            throw new IllegalArgumentException("Invalid user name '" + shown + "': use 1-64 characters of a-z, 0-9,"
                    + " '_', '.' and '-', starting with a letter or digit (" + NAME_RULE + "), for example 'ada'.");
        }
        return name;
    }
}
