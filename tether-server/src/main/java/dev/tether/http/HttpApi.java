package dev.tether.http;

import dev.tether.agent.Agent;
import dev.tether.gateway.Authenticator;
import dev.tether.live.TurnRunner;
import dev.tether.store.ConversationStore;
import io.javalin.config.RoutesConfig;
import java.util.Objects;

/** Installs the REST and OpenAI-compatible routes. */
public final class HttpApi {

    /** What the HTTP APIs work with. */
    public record Parts(ConversationStore store, Agent agent, TurnRunner turns, Authenticator authenticator,
                        String modelId) {
        public Parts {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(turns, "turns");
            Objects.requireNonNull(authenticator, "authenticator");
            Objects.requireNonNull(modelId, "modelId");
        }
    }

    private HttpApi() {
    }

    public static void install(RoutesConfig routes, Parts parts) {
        // filled in by the REST / OpenAI-compatible API work
    }
}
