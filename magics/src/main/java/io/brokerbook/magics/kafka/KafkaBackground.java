package io.brokerbook.magics.kafka;

import io.brokerbook.cluster.kafka.Traffic;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What runs in the background for the Kafka pack: the one traffic run and the watches that keep drawing after
 * their cell ended. Closed by {@code %kafka stop} and at kernel shutdown: every thread is stopped and joined.
 */
final class KafkaBackground implements AutoCloseable {
    private Traffic traffic;
    private final List<LiveWatch> watches = new CopyOnWriteArrayList<>();

    synchronized Optional<Traffic> traffic() {
        return Optional.ofNullable(traffic);
    }

    synchronized void traffic(Traffic running) {
        this.traffic = running;
    }

    void add(LiveWatch watch) {
        watches.removeIf(w -> !w.isRunning());
        watches.add(watch);
    }

    /** Stops the background watches; returns how many were running. */
    int stopWatches() {
        int running = 0;
        for (LiveWatch w : watches) {
            if (w.isRunning()) {
                running++;
            }
            w.close();
        }
        watches.clear();
        return running;
    }

    @Override
    public void close() {
        stopWatches();
        Traffic t;
        synchronized (this) {
            t = traffic;
        }
        if (t != null) {
            t.close();
        }
    }
}
