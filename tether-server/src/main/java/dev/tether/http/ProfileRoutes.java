package dev.tether.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.workspace.Workspace;
import dev.tether.workspace.Workspaces;
import io.javalin.http.Context;

/**
 * The signed-in user's own part of the assistant: {@code GET /api/me} shows what it knows of them ({@code about}:
 * their {@code USER.md}, put into every system prompt of theirs; {@code memory}: their {@code MEMORY.md}, what older
 * turns were summarised into), {@code PATCH /api/me} with {@code {"about"}} replaces the first, and
 * {@code DELETE /api/me/memory} forgets the second. Always the caller's own workspace ({@link Workspaces#of}):
 * there is no way to name another user's.
 */
final class ProfileRoutes {
    private final Workspaces workspaces;

    ProfileRoutes(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    /** {@code GET /api/me}: {@code {"user", "about", "memory"}}. */
    void get(Context ctx, String user) {
        respond(ctx, user, workspaces.of(user));
    }

    /** {@code PATCH /api/me} with {@code {"about"}}: replaces USER.md, answers as GET. */
    void update(Context ctx, String user) {
        ObjectNode body = Json.body(ctx, false, "{\"about\":\"I am Ada, a pilot in Lisbon; answer in short bullets.\"}");
        String about = Json.optionalString(body, "about", "about").orElseThrow(() -> ApiException.invalid(
                "Field 'about' is required: a string saying what the assistant should know about you (it may be "
                        + "empty)."));
        if (about.length() > Workspace.MAX_PERSONA_FILE_CHARS) {
            throw ApiException.invalid("Field 'about' must be at most " + Workspace.MAX_PERSONA_FILE_CHARS
                    + " characters but had " + about.length() + ". Keep what matters for every conversation.");
        }
        Workspace own = workspaces.of(user);
        own.writeAboutUser(about);
        respond(ctx, user, own);
    }

    /** {@code DELETE /api/me/memory}: 204; the memory is back to its empty template. */
    void forgetMemory(Context ctx, String user) {
        workspaces.of(user).clearMemory();
        ctx.status(204);
    }

    private static void respond(Context ctx, String user, Workspace own) {
        Json.respond(ctx, 200, g -> {
            g.writeStringField("user", user);
            g.writeStringField("about", own.aboutUser());
            g.writeStringField("memory", own.memoryText());
        });
    }
}
