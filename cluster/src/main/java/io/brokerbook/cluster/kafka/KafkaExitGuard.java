package io.brokerbook.cluster.kafka;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Kafka calls {@link Exit#exit} / {@link Exit#halt} on fatal node errors (e.g. a log dir failure), which would take
 * the whole JVM - the notebook kernel - with it. This replaces both procedures by a report to the running labs and
 * an exception in the failing Kafka thread. {@link Exit}'s procedures are JVM-wide, hence the static registry here.
 */
final class KafkaExitGuard {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaExitGuard.class);
    private static final List<Consumer<String>> LISTENERS = new CopyOnWriteArrayList<>();
    private static boolean installed;

    private KafkaExitGuard() {
    }

    static synchronized void register(Consumer<String> failureListener) {
        if (!installed) {
            Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
            Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
            installed = true;
        }
        LISTENERS.add(failureListener);
    }

    static void unregister(Consumer<String> failureListener) {
        LISTENERS.remove(failureListener);
    }

    private static void refuse(String kind, int status, String message) {
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
}
