package dev.tether.tools.exec;

import dev.tether.api.tool.ToolResult;
import java.time.Duration;

/**
 * How one command ended, and the result the model reads for it.
 *
 * @param process the shell process; its exit value is read only when it finished by itself
 * @param output what it printed
 * @param drained false when a background process kept the output open past the grace period
 * @param timedOut true when it was killed for running too long
 * @param cancelled true when it was killed because the turn was cancelled
 */
record ExecOutcome(Process process, BoundedOutput output, boolean drained, boolean timedOut, boolean cancelled) {

    ToolResult toResult(ExecSettings settings) {
        String text = output.text();
        if (!drained) {
            text += "\n[Stopped reading output: a background process still holds it open.]";
        }
        if (output.truncated()) {
            text += "\n[Output was " + output.chars() + " characters; only the first and last "
                    + settings.maxOutputChars() + " in total are shown.]";
        }
        String shown = text.isEmpty() ? "(no output)" : text;
        if (cancelled) {
            return ToolResult.failure("The command was cancelled and killed with its child processes.\n"
                    + "Output so far:\n" + shown, "");
        }
        if (timedOut) {
            return ToolResult.failure("The command timed out after " + seconds(settings.timeout())
                    + " and was killed with its child processes.\nOutput so far:\n" + shown,
                    "Run something quicker or limit the work (fewer files, a smaller input, a tool's own timeout"
                            + " option).");
        }
        return ToolResult.ok("Exit code: " + process.exitValue() + "\n" + shown);
    }

    /** A timeout as the model reads it: {@code 60s}, {@code 0.5s}. */
    static String seconds(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : (millis / 1000.0) + "s";
    }
}
