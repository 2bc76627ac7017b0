package dev.tether.tools.exec;

import java.util.List;

/** Kills a process and every descendant it has at that moment. */
final class ProcessTrees {
    private ProcessTrees() {
    }

    /**
     * Sends SIGKILL to {@code root} and its descendants. The tree is listed before the root dies, because
     * orphans are re-parented and can no longer be found from it. Does not block. A process forked in the
     * instant between listing and killing, or one that already left the tree (double fork, {@code setsid}),
     * survives.
     */
    static void kill(ProcessHandle root) {
        List<ProcessHandle> tree = root.descendants().toList();
        root.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
    }
}
