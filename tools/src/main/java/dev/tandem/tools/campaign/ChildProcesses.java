package dev.tandem.tools.campaign;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The agent processes this JVM started and has not seen end. A JVM does not take its child
 * processes with it: a campaign stopped by Ctrl-C or SIGTERM while a round ran used to leave
 * that round's two agents running (in relay mode nothing else removed them). A shutdown hook,
 * registered with the first child, kills whichever are still alive.
 */
final class ChildProcesses {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hooked;

    private ChildProcesses() {
    }

    /** Tracks {@code p} until it ends. */
    static Process track(Process p) {
        hookOnce();
        LIVE.add(p);
        p.onExit().thenRun(() -> LIVE.remove(p));
        return p;
    }

    /** How many tracked children are still alive (for tests and diagnostics). */
    static int alive() {
        return (int) LIVE.stream().filter(Process::isAlive).count();
    }

    private static synchronized void hookOnce() {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::killAll, "campaign-children-cleanup"));
            hooked = true;
        }
    }

    /** SIGKILL to every live child, then a short wait for each (the hook must not hang the exit). */
    static void killAll() {
        for (Process p : LIVE) {
            p.destroyForcibly();
        }
        for (Process p : LIVE) {
            try {
                p.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
