package io.brokerbook.cluster.lab;

import java.io.PrintStream;

/**
 * Shows the exception that ends a thread the way the JVM does, except a {@link LabException}: that is its one line
 * ({@code Exception in thread "reader": Consumer ended: the Kafka lab was stopped (%kafka stop).}), never a stack
 * trace. Written to {@code System.err}, which in the kernel reaches the cell that started the thread.
 * <p>
 * The kernel installs it as the JVM's default. Threads a JShell cell starts belong to JShell's execution thread
 * group, which keeps what ends them to itself; a component about to end such a thread with its one-line error
 * calls {@link #coverCurrentThread()} first, so the line is seen.
 */
public final class OneLineThreadErrors implements Thread.UncaughtExceptionHandler {
    private OneLineThreadErrors() {
    }

    /** Makes it the JVM's default handler. */
    public static void install() {
        Thread.setDefaultUncaughtExceptionHandler(new OneLineThreadErrors());
    }

    /** Gives the calling thread this handler unless it has one of its own. */
    public static void coverCurrentThread() {
        Thread t = Thread.currentThread();
        if (t.getUncaughtExceptionHandler() == t.getThreadGroup()) { // = no handler of its own
            t.setUncaughtExceptionHandler(new OneLineThreadErrors());
        }
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        PrintStream err = System.err;
        if (e instanceof LabException) {
            err.println("Exception in thread \"" + t.getName() + "\": " + e.getMessage());
            return;
        }
        err.print("Exception in thread \"" + t.getName() + "\" ");
        e.printStackTrace(err);
    }
}
