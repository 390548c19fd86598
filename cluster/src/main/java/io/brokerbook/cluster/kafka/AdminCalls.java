package io.brokerbook.cluster.kafka;

import io.brokerbook.cluster.lab.LabException;
import org.apache.kafka.common.KafkaFuture;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for the result of an admin call with a deadline. Kafka's errors become one-line
 * {@link KafkaLabException}s ("Failed creating topic t: Topic 't' already exists.") that keep Kafka's exception as
 * their cause, so a caller can still tell an unknown topic from a timeout.
 */
public final class AdminCalls {
    /** Long enough for a loaded 2-core machine to create a topic; short enough that a dead cluster fails a cell. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private AdminCalls() {
    }

    public static <T> T await(KafkaFuture<T> future, String what) {
        return await(future, what, DEFAULT_TIMEOUT);
    }

    /** {@code what} completes "while ..." and "Failed ...", e.g. {@code "describing topic t"}. */
    public static <T> T await(KafkaFuture<T> future, String what, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaLabException("Interrupted while " + what + ".", e);
        } catch (TimeoutException e) {
            throw new KafkaLabException("Kafka did not answer in " + timeout.toSeconds() + " s while " + what + ".", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new KafkaLabException("Failed " + what + ": " + LabException.oneLine(cause), cause);
        }
    }
}
