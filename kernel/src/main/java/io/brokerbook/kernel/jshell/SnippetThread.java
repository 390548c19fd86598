package io.brokerbook.kernel.jshell;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Runs a snippet's code on a thread of a group the kernel owns ({@link UserThreads}), so every thread that code
 * starts is in that group and an exception that ends one is shown ({@link ThreadErrors}). JShell runs a snippet
 * on a thread of its own group, which keeps such exceptions to itself (from JDK 22 its group swallows them; on JDK
 * 17 the default handler JShell installs for each snippet does). The kernel's group is a subgroup of JShell's, so
 * JShell's stop still reaches the code: JDK 17's {@code ThreadGroup.stop} and later JDKs' interrupts both act on
 * subgroups.
 * <p>
 * JShell calls {@link #run()} in place of the snippet's {@code do_it$} method; that call is static, so the snippet's
 * method is handed to it through an inheritable thread-local of the thread that asks JShell to invoke it (JShell's
 * snippet thread is started by that thread).
 */
final class SnippetThread {
    private static final InheritableThreadLocal<Pending> PENDING = new InheritableThreadLocal<>();
    private static final Method ENTRY = entry();

    /** What JShell invokes in place of a snippet's method, given that method: JShell's own invoke. */
    interface Invoke {
        String invoke(Method entry) throws Exception;
    }

    private record Pending(Method snippet, Thread.UncaughtExceptionHandler uncaught) {
    }

    private SnippetThread() {
    }

    /** Has JShell ({@code invoke}) run {@code snippet} on a thread of a {@link UserThreads} group reporting to {@code uncaught}. */
    static String invoke(Method snippet, Thread.UncaughtExceptionHandler uncaught, Invoke invoke) throws Exception {
        PENDING.set(new Pending(snippet, uncaught));
        try {
            return invoke.invoke(ENTRY);
        } finally {
            PENDING.remove();
        }
    }

    /**
     * On JShell's snippet thread: runs the pending snippet method on a thread of a new {@link UserThreads} group and
     * returns or throws what it did (Method.invoke wraps a throw back into the InvocationTargetException JShell expects).
     */
    @SuppressWarnings("unused") // invoked by JShell through ENTRY
    static Object run() throws Throwable {
        Pending pending = PENDING.get();
        PENDING.remove(); // threads the snippet starts must not inherit it
        Outcome outcome = new Outcome(pending.snippet());
        Thread code = new Thread(new UserThreads(Thread.currentThread().getThreadGroup(), pending.uncaught()), outcome);
        code.start();
        boolean interrupted = false;
        while (true) {
            try {
                code.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // JShell's stop interrupted both threads: wait for the code's thread to react
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return outcome.result();
    }

    private static final class Outcome implements Runnable {
        private final Method snippet;
        private Object value;
        private Throwable failure;

        Outcome(Method snippet) {
            this.snippet = snippet;
        }

        @Override
        public void run() {
            try {
                value = snippet.invoke(null);
            } catch (Throwable t) { // ThreadDeath (JShell's stop) included: JShell reads it from the result
                failure = t;
            }
        }

        /** Read after the thread that ran it ended. */
        Object result() throws Throwable {
            if (failure instanceof InvocationTargetException e && e.getCause() != null) {
                throw e.getCause();
            }
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }

    private static Method entry() {
        try {
            Method m = SnippetThread.class.getDeclaredMethod("run");
            m.setAccessible(true); // invoked from the jdk.jshell module
            return m;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
