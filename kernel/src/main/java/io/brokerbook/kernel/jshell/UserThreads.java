package io.brokerbook.kernel.jshell;

/**
 * The thread group a snippet's code runs in, and with it every thread that code starts (a thread is in the group of
 * the thread that made it). An uncaught exception that ends one of them goes to the kernel's handler, as it would
 * go to {@code java}'s default one, except a {@code ThreadDeath}: that is JShell's stop, passed on to JShell's group.
 */
final class UserThreads extends ThreadGroup {
    private final Thread.UncaughtExceptionHandler uncaught;

    UserThreads(ThreadGroup jshellGroup, Thread.UncaughtExceptionHandler uncaught) {
        super(jshellGroup, "brokerbook-cell-code");
        this.uncaught = uncaught;
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        if (e instanceof ThreadDeath) {
            super.uncaughtException(t, e); // JShell notes the stop; java prints nothing for ThreadDeath either
            return;
        }
        uncaught.uncaughtException(t, e);
    }
}
