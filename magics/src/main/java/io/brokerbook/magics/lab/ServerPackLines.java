package io.brokerbook.magics.lab;

import io.brokerbook.cluster.lab.ComponentState;
import io.brokerbook.cluster.lab.LabSlot;
import io.brokerbook.cluster.lab.ServerLab;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the start, stop and status of every server pack ({@code %redis}, {@code %nats}, {@code %mqtt}, …) print
 * the same way: the crash a start replaced and the port note, the stop line of a crashed, owned or connected
 * server, and a crashed server's report with the last lines of its log.
 */
public final class ServerPackLines {
    static final int CRASH_LOG_LINES = 8;

    private ServerPackLines() {
    }

    /** Prints what a start has to say before its own lines (the crash it replaced, why not the default port). */
    public static <C extends ServerLab> C started(LabSlot.Started<C> started, PrintStream out) {
        started.replacedCrash().ifPresent(out::println);
        C lab = started.component();
        lab.portNote().ifPresent(out::println);
        return lab;
    }

    /**
     * Stops the slot's component and says so in one line.
     *
     * @param name         the server as the crash fallback names it, e.g. {@code NATS}
     * @param ownedStopped the line for a server the lab started
     * @param what         what keeps running after a disconnect: {@code server} or {@code broker}
     */
    public static <C extends ServerLab> String stop(LabSlot<C> slot, String name, Function<C, String> ownedStopped,
                                                    String what) {
        boolean crashed = slot.status().state() == ComponentState.CRASHED;
        C old = slot.stop();
        if (crashed) {
            return old.crashReport().orElse(name + " stopped unexpectedly.") + " Its temp files are removed.";
        }
        return old.ownsServer() ? ownedStopped.apply(old) : "Disconnected from " + old.url() + " (that " + what + " keeps running).";
    }

    /**
     * For {@code %KIND status}: if the current component crashed, prints how it ended, how to start again and the
     * last lines of its log, and returns true; else returns false (the pack shows its own status).
     */
    public static <C extends ServerLab> boolean printCrash(Optional<C> current, String kind, PrintStream out) {
        if (current.isEmpty() || current.get().status().state() != ComponentState.CRASHED) {
            return false;
        }
        C lab = current.get();
        out.println(lab.status().detail().orElse(kind + " stopped unexpectedly.") + " Run %" + kind + " start to start it again.");
        List<String> last = lab.lastLogLines(CRASH_LOG_LINES);
        if (!last.isEmpty()) {
            out.println("Last lines of its log" + lab.logFile().map(f -> " (" + f + ")").orElse("") + ":");
            last.forEach(l -> out.println("  " + l));
        }
        return true;
    }
}
