package io.brokerbook.kernel;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * With {@code -Dbrokerbook.startupTrace=true} (e.g. in BROKERBOOK_JAVA_OPTS), prints to the kernel's stderr how
 * long after the process started each step of the kernel's start was done. It does not go through logging, whose
 * own start is one of the steps measured.
 */
final class StartupClock {
    private static final boolean ON = Boolean.getBoolean("brokerbook.startupTrace");
    /** The process's stderr as it was before the kernel routed System.err into cells. */
    private static final PrintStream CONSOLE = System.err;

    private StartupClock() {
    }

    static void mark(String step) {
        if (ON) {
            Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
            CONSOLE.println("[brokerbook startup] " + Duration.between(started, Instant.now()).toMillis()
                + " ms: " + step + " (" + Thread.currentThread().getName() + ")");
        }
    }
}
