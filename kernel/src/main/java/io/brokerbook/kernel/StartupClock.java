package io.brokerbook.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * User + system CPU time so far of {@code which} ("self": the process, "thread-self": this thread), in ms, from
     * /proc/…/stat (utime and stime, in Linux's 100 ticks a second); -1 where there is no /proc.
     */
    private static long cpuMillis(String which) {
        try {
            String stat = Files.readString(Path.of("/proc", which, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static void mark(String step) {
        if (ON) {
            Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
            CONSOLE.println("[brokerbook startup] " + Duration.between(started, Instant.now()).toMillis()
                + " ms: " + step + " (" + Thread.currentThread().getName() + ", CPU of the process " + cpuMillis("self")
                + " ms, of this thread " + cpuMillis("thread-self") + " ms)");
        }
    }
}
