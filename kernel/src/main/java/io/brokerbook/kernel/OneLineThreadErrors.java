package io.brokerbook.kernel;

import io.brokerbook.cluster.lab.LabException;

import java.io.PrintStream;

/**
 * The JVM's handler of exceptions that end a thread (a thread a cell started, mostly): a lab's one-line error
 * ({@link LabException}, e.g. "Consumer ended: the Kafka lab was stopped" when {@code %kafka stop} ends a consumer
 * a thread was polling) is shown as that one line; anything else as the JVM shows it, with its stack trace.
 * Both go to {@code System.err}, which reaches the cell that started the thread.
 */
final class OneLineThreadErrors implements Thread.UncaughtExceptionHandler {
    static void install() {
        Thread.setDefaultUncaughtExceptionHandler(new OneLineThreadErrors());
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
