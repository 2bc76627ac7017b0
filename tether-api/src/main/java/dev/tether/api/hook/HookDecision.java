package dev.tether.api.hook;

import java.util.Objects;

/** A hook's verdict on a step. */
public sealed interface HookDecision {

    static HookDecision allow() {
        return Allow.INSTANCE;
    }

    static HookDecision deny(String reason) {
        return new Deny(reason);
    }

    enum Allow implements HookDecision { INSTANCE }

    record Deny(String reason) implements HookDecision {
        public Deny {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
