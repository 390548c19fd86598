package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.KafkaLabException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The consumers running against the session's cluster (the console consumer, {@code kafka.read(...)} and the
 * consumers Java cells got from {@code kafka.consumer(...)}, also on threads of their own), so that
 * {@code %kafka stop} ends them first, with one line each, instead of leaving them polling brokers that are gone:
 * each is told why and woken up, and gets a moment to close (leaving its group) while the brokers still answer.
 */
final class RunningConsumers {
    private final Set<Running> running = ConcurrentHashMap.newKeySet();

    /** One running consumer; closing it (once the consumer is closed) takes it off the list. */
    final class Running implements AutoCloseable {
        private final Runnable wakeup;
        private final Runnable closeIfIdle;
        private final CountDownLatch closed = new CountDownLatch(1);
        private volatile String endedBecause;

        private Running(Runnable wakeup, Runnable closeIfIdle) {
            this.wakeup = wakeup;
            this.closeIfIdle = closeIfIdle;
        }

        /** Set once the session ended this consumer: its one-line error, e.g. "Consumer ended: the Kafka lab was stopped". */
        boolean ended() {
            return endedBecause != null;
        }

        /** The one-line error the consumer ends with after {@link RunningConsumers#endAll}. */
        KafkaLabException endedError(Throwable cause) {
            return new KafkaLabException(endedBecause, cause);
        }

        private void end(String because) {
            endedBecause = because;
            wakeup.run();
            if (closeIfIdle != null) {
                closeIfIdle.run();
            }
        }

        @Override
        public void close() {
            running.remove(this);
            closed.countDown();
        }
    }

    /**
     * Registers a consumer: {@code wakeup} ends its poll (KafkaConsumer::wakeup); {@code closeIfIdle}, if not null,
     * closes it when no thread is using it (a consumer a cell keeps but does not poll).
     */
    Running register(Runnable wakeup, Runnable closeIfIdle) {
        Running r = new Running(wakeup, closeIfIdle);
        running.add(r);
        return r;
    }

    /** Ends every running consumer with the line {@code because}, and waits up to {@code grace} for them to close. */
    void endAll(String because, Duration grace) {
        List<Running> ending = new ArrayList<>(running);
        for (Running r : ending) {
            r.end(because);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (Running r : ending) {
            try {
                if (!r.closed.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return; // the rest have had the same time: the cluster stops now anyway
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
