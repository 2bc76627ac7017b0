package dev.tether.tools.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Whether a process really runs: a zombie (killed, not yet reaped by init) counts as gone. */
final class Processes {
    private Processes() {
    }

    static boolean running(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (NoSuchFileException e) {
            return false; // exited between the two checks
        } catch (IOException e) {
            return true; // no /proc to tell a zombie apart; trust isAlive
        }
    }

    static void killIfRunning(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
}
