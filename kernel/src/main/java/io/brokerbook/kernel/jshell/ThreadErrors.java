package io.brokerbook.kernel.jshell;

import io.brokerbook.cluster.lab.LabException;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;

/**
 * Shows the exception that ends a thread a cell started as {@code java} does ({@code Exception in thread "NAME"
 * java.lang.RuntimeException: x} and its stack trace), in the user's terms; a {@link LabException} as its one line
 * ({@code Exception in thread "reader": Consumer ended: the Kafka lab was stopped (%kafka stop).}). Written to
 * {@code System.err}, which in the kernel reaches the cell that started the thread.
 */
final class ThreadErrors implements Thread.UncaughtExceptionHandler {
    private final Function<Throwable, List<String>> userTrace;

    /** @param userTrace an exception's first line and frames in the user's terms */
    ThreadErrors(Function<Throwable, List<String>> userTrace) {
        this.userTrace = userTrace;
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        String head = "Exception in thread \"" + t.getName() + "\"";
        PrintStream err = System.err;
        if (e instanceof LabException) {
            err.print(head + ": " + e.getMessage() + "\n");
            return;
        }
        String trace;
        try {
            trace = String.join("\n", userTrace.apply(e));
        } catch (RuntimeException jshellGone) { // JShell closed while the thread ran on: its own terms then
            err.print(head + " ");
            e.printStackTrace(err);
            return;
        }
        err.print(head + " " + trace + "\n"); // one write: not interleaved with what other threads print
    }
}
