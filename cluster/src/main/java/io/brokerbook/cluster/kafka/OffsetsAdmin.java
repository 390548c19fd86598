package io.brokerbook.cluster.kafka;

import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Admin a lab lists offsets with. Kafka's Admin remembers the leader each {@code listOffsets} found and asks that
 * broker again next time without a metadata request first; had the broker been stopped since, the call would wait
 * its whole timeout for it. So a new Admin is made whenever the set of stopped brokers changes.
 */
final class OffsetsAdmin implements AutoCloseable {
    private final Supplier<Admin> factory;
    private Admin admin;
    private Set<Integer> stoppedWhenMade;
    private boolean closed;

    OffsetsAdmin(Supplier<Admin> factory) {
        this.factory = factory;
    }

    /** The Admin for a cluster whose stopped brokers are {@code stopped}. */
    synchronized Admin whileStopped(Set<Integer> stopped) {
        if (closed) {
            throw new KafkaLabException("The Kafka lab is stopped.");
        }
        if (admin == null || !stopped.equals(stoppedWhenMade)) {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
            admin = factory.get();
            stoppedWhenMade = Set.copyOf(stopped);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
