package io.brokerbook.cluster.lb;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server as the proxy tracks it while it is configured: health, requests in flight, and
 * whether it was removed (so that removal can wait for its in-flight requests to finish).
 */
final class LiveServer {
    final DynamicConfig.ServerTarget target;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean healthy = true;
    private volatile boolean removed;

    LiveServer(DynamicConfig.ServerTarget target) {
        this.target = target;
    }

    /** Claims a request slot; false if the server was removed meanwhile (then pick another). */
    boolean acquire() {
        inFlight.incrementAndGet();
        if (removed) {
            release();
            return false;
        }
        return true;
    }

    void release() {
        if (inFlight.decrementAndGet() == 0 && removed) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Marks removed and waits until every claimed request has finished, at most {@code max}. */
    boolean removeAndDrain(Duration max) throws InterruptedException {
        removed = true;
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (this) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    boolean healthy() {
        return healthy;
    }

    /** Returns true if this changed the state. */
    boolean setHealthy(boolean up) {
        boolean before = healthy;
        healthy = up;
        return before != up;
    }

    boolean removed() {
        return removed;
    }

    int inFlight() {
        return inFlight.get();
    }
}
