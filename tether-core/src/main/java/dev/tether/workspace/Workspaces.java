package dev.tether.workspace;

import dev.tether.store.User;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Whose workspace a turn uses. Long-term memory and the files the tools touch belong to one person: the operator
 * (who runs Tether: the terminal chat, the server without sign-in, and the user the server creates at its first
 * start, {@link #OPERATOR_USERS}) has the configured workspace; every other user has one of their own under
 * {@code usersRoot/<name>}, created on first use with its own {@code USER.md} and {@code MEMORY.md}, taking
 * {@code AGENTS.md} and {@code SOUL.md} from the operator's until it has its own. So one user's memory never
 * reaches another's system prompt, and one user's file tools cannot read another's files.
 *
 * <p>Thread-safe; a user's workspace is made once and kept.
 */
public final class Workspaces {
    /** The operator's identities: {@code cli} (terminal chat), {@code local} (no sign-in), {@code owner}. */
    public static final Set<String> OPERATOR_USERS = Set.of("cli", "local", "owner");
    private static final Pattern NAME = Pattern.compile(User.NAME_RULE);

    private final Workspace operator;
    private final Optional<Path> usersRoot;
    private final ConcurrentHashMap<String, Workspace> users = new ConcurrentHashMap<>();

    private Workspaces(Workspace operator, Optional<Path> usersRoot) {
        this.operator = Objects.requireNonNull(operator, "operator");
        this.usersRoot = usersRoot.map(p -> p.toAbsolutePath().normalize());
    }

    /** The operator's workspace, and one under {@code usersRoot} for every other user. */
    public static Workspaces perUser(Workspace operator, Path usersRoot) {
        return new Workspaces(operator, Optional.of(usersRoot));
    }

    /** One workspace for everyone (a single-user embedding, tests). */
    public static Workspaces shared(Workspace only) {
        return new Workspaces(only, Optional.empty());
    }

    /** The operator's workspace. */
    public Workspace operator() {
        return operator;
    }

    /** Where the workspace of {@code user} is (or will be, at their first turn); creates nothing. */
    public Path rootOf(String user) {
        if (usersRoot.isEmpty() || OPERATOR_USERS.contains(user)) {
            return operator.root();
        }
        if (!NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("No workspace for user '" + user + "': a user name is "
                    + User.NAME_RULE + ".");
        }
        return usersRoot.get().resolve(user);
    }

    /**
     * The workspace of {@code user} (a conversation's owner), created with its template files on first use.
     *
     * @throws IllegalArgumentException if {@code user} is not a valid user name ({@link User#NAME_RULE})
     * @throws dev.tether.api.TetherException if the directory cannot be created
     */
    public Workspace of(String user) {
        Path root = rootOf(user);
        if (root.equals(operator.root())) {
            return operator;
        }
        return users.computeIfAbsent(user, name -> {
            Workspace own = Workspace.ofUser(root, operator);
            own.initialise();
            return own;
        });
    }
}
