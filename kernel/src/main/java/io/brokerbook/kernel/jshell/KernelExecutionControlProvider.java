package io.brokerbook.kernel.jshell;

import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** Hands JShell our execution control and remembers it for the evaluator. */
final class KernelExecutionControlProvider implements ExecutionControlProvider {
    private final ReentrantLock compilerLock;
    private final Thread.UncaughtExceptionHandler threadErrors;
    private KernelExecutionControl created;

    KernelExecutionControlProvider(ReentrantLock compilerLock, Thread.UncaughtExceptionHandler threadErrors) {
        this.compilerLock = compilerLock;
        this.threadErrors = threadErrors;
    }

    @Override
    public String name() {
        return "brokerbook";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        created = new KernelExecutionControl(compilerLock, threadErrors);
        return created;
    }

    KernelExecutionControl created() {
        return created;
    }
}
