package io.brokerbook.cluster.compare;

import io.brokerbook.cluster.compare.MessagingSystem.Received;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What a background subscriber received and when, drained until quiet (a blocking wait, no polling loop). */
final class ReceivedQueue {
    private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    private final List<Received> taken = new ArrayList<>();

    void add(String payload) {
        queue.add(new Received(payload, System.nanoTime()));
    }

    /** Everything so far and until {@code enough} arrived in all, or nothing more came for {@code quiet}. */
    synchronized List<Received> drain(Duration quiet, int enough) {
        try {
            queue.drainTo(taken);
            Received next;
            while (taken.size() < enough && (next = queue.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                taken.add(next);
                queue.drainTo(taken);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.copyOf(taken);
    }
}
