package dev.tether.cli;

import org.slf4j.LoggerFactory;

/** Ctrl-C handling for the interactive chat: stops the running reply instead of killing the process. */
final class Interrupts {
    private Interrupts() {
    }

    @SuppressWarnings("removal")
    static void onInterrupt(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> action.run());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LoggerFactory.getLogger(Interrupts.class).info("Ctrl-C cannot be caught here ({}); it will quit", e.toString());
        }
    }
}
