package io.brokerbook.kernel.jshell;

import jdk.jshell.execution.LocalExecutionControl;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.locks.ReentrantLock;

/**
 * JShell's in-process execution (its stop() ends {@code while(true){}} and sleeps, unlike
 * Future.cancel) plus two things the kernel needs: the compiler lock is released while user code
 * runs, so completion can use the compiler meanwhile; and variables can be read as objects for
 * rich display instead of as strings.
 */
public final class KernelExecutionControl extends LocalExecutionControl {
    private final ReentrantLock compilerLock;

    KernelExecutionControl(ReentrantLock compilerLock) {
        this.compilerLock = compilerLock;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        boolean held = compilerLock.isHeldByCurrentThread();
        if (held) {
            compilerLock.unlock();
        }
        try {
            return super.invoke(doitMethod);
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
