package io.brokerbook.cluster.kafka;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Kafka calls {@link Exit#exit} / {@link Exit#halt} on fatal node errors (e.g. a log dir failure), which would take
 * the whole JVM - the notebook kernel - with it. This replaces both procedures by a report to the running labs and
 * an exception in the failing Kafka thread. {@link Exit}'s procedures are JVM-wide, hence the static registry here.
 * Kafka's command-line tools run in the kernel's JVM too ({@link #runTool}): their exit (usage, a failed check) ends
 * the tool only, on the calling thread, and is no node failure.
 */
final class KafkaExitGuard {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaExitGuard.class);
    private static final List<Consumer<String>> LISTENERS = new CopyOnWriteArrayList<>();
    private static final ThreadLocal<Boolean> TOOL_THREAD = ThreadLocal.withInitial(() -> false);
    private static boolean installed;

    private KafkaExitGuard() {
    }

    static synchronized void register(Consumer<String> failureListener) {
        install();
        LISTENERS.add(failureListener);
    }

    private static synchronized void install() {
        if (!installed) {
            Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
            Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
            installed = true;
        }
    }

    /**
     * Runs a Kafka tool's main on this thread: an {@link Exit#exit} it calls becomes a {@link ToolExit} thrown here,
     * the JVM and the running labs are untouched.
     */
    static <T> T runTool(Supplier<T> tool) {
        install();
        TOOL_THREAD.set(true);
        try {
            return tool.get();
        } finally {
            TOOL_THREAD.remove();
        }
    }

    static void unregister(Consumer<String> failureListener) {
        LISTENERS.remove(failureListener);
    }

    private static void refuse(String kind, int status, String message) {
        if (TOOL_THREAD.get()) {
            throw new ToolExit(status, message);
        }
        String report = "Kafka node failure in thread '" + Thread.currentThread().getName() + "': asked to " + kind
                + " the JVM with status " + status + (message == null ? "" : " (" + message + ")");
        LOG.error(report);
        LISTENERS.forEach(listener -> listener.accept(report));
        throw new KafkaNodeFailure(report);
    }

    /** Thrown in the Kafka thread that asked to end the JVM, instead of ending it. */
    static final class KafkaNodeFailure extends RuntimeException {
        KafkaNodeFailure(String message) {
            super(message);
        }
    }

    /** A Kafka tool run by {@link #runTool} asked to end the JVM with this status. */
    static final class ToolExit extends RuntimeException {
        private final int status;

        ToolExit(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
