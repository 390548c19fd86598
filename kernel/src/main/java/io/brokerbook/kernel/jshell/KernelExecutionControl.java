package io.brokerbook.kernel.jshell;

import jdk.jshell.execution.LocalExecutionControl;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.locks.ReentrantLock;

/**
 * JShell's in-process execution (its stop() ends {@code while(true){}} and sleeps, unlike
 * Future.cancel) plus what the kernel needs: the compiler lock is released while user code
 * runs, so completion can use the compiler meanwhile; the code runs in a thread group of the kernel's
 * ({@link SnippetThread}), so an exception that ends a thread it starts is shown; and variables can be read as
 * objects for rich display instead of as strings.
 */
public final class KernelExecutionControl extends LocalExecutionControl {
    private final ReentrantLock compilerLock;
    private final Thread.UncaughtExceptionHandler threadErrors;

    KernelExecutionControl(ReentrantLock compilerLock, Thread.UncaughtExceptionHandler threadErrors) {
        this.compilerLock = compilerLock;
        this.threadErrors = threadErrors;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        boolean held = compilerLock.isHeldByCurrentThread();
        if (held) {
            compilerLock.unlock();
        }
        try {
            return SnippetThread.invoke(doitMethod, threadErrors, super::invoke);
        } finally {
            if (held) {
                compilerLock.lock();
            }
        }
    }

    /** The current value of a snippet variable (a static field of its wrapper class). */
    Object readVariable(String className, String name) throws ReflectiveOperationException {
        Field f = findClass(className).getDeclaredField(name);
        f.setAccessible(true);
        return f.get(null);
    }
}
