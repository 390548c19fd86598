package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.KafkaLabException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A {@link KafkaConsumer} the session knows about ({@link RunningConsumers}): when {@code %kafka stop} ends it,
 * {@link #poll} fails with the one-line {@link io.brokerbook.cluster.kafka.KafkaLabException} "Consumer ended: ..."
 * instead of polling brokers that are gone (the kernel shows just that line also when it ends a thread a cell
 * started); a consumer no thread is using is closed right away.
 */
final class SessionConsumer<K, V> extends KafkaConsumer<K, V> {
    /** Long enough to leave the group while the brokers still answer; short, as {@code %kafka stop} waits for it. */
    private static final Duration IDLE_CLOSE = Duration.ofSeconds(1);

    private final RunningConsumers.Running running;

    SessionConsumer(Properties props, RunningConsumers consumers) {
        super(props);
        this.running = consumers.register(this::wakeup, this::closeIfIdle);
    }

    @Override
    public ConsumerRecords<K, V> poll(Duration timeout) {
        if (running.ended()) {
            throw running.endedError(null);
        }
        try {
            return super.poll(timeout);
        } catch (WakeupException e) {
            throw endedOr(e);
        }
    }

    /** Present once the session ended this consumer ({@code %kafka stop}, the kernel's shutdown): its one line. */
    Optional<KafkaLabException> endedBySession() {
        return running.ended() ? Optional.of(running.endedError(null)) : Optional.empty();
    }

    /** The session's wakeup (the one line) or someone else's (an interrupt): the wakeup then. */
    private RuntimeException endedOr(WakeupException e) {
        return running.ended() ? running.endedError(e) : e;
    }

    /** After {@code %kafka stop} there is no coordinator left to commit to: the one line, not a 60 s wait for one. */
    @Override
    public void commitSync() {
        failIfEnded();
        try {
            super.commitSync();
        } catch (WakeupException e) {
            throw endedOr(e);
        }
    }

    @Override
    public void commitSync(Duration timeout) {
        failIfEnded();
        try {
            super.commitSync(timeout);
        } catch (WakeupException e) {
            throw endedOr(e);
        }
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        failIfEnded();
        try {
            super.commitSync(offsets);
        } catch (WakeupException e) {
            throw endedOr(e);
        }
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        failIfEnded();
        try {
            super.commitSync(offsets, timeout);
        } catch (WakeupException e) {
            throw endedOr(e);
        }
    }

    private void failIfEnded() {
        if (running.ended()) {
            throw running.endedError(null);
        }
    }

    private void closeIfIdle() {
        try {
            close(IDLE_CLOSE);
        } catch (ConcurrentModificationException inUse) {
            // a thread is in poll(): the wakeup ends it, and that thread closes the consumer
        } catch (RuntimeException alreadyClosed) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            running.close();
        }
    }

    @Override
    public void close(Duration timeout) {
        try {
            super.close(timeout);
        } finally {
            running.close();
        }
    }

    @Override
    public void close(CloseOptions option) {
        try {
            super.close(option);
        } finally {
            running.close();
        }
    }
}
